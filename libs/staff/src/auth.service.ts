import { HttpException, HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Clock, generateToken, hashToken } from '@app/common';
import { PasswordHasher } from './password-hasher.js';
import type { StaffAccountEntity, StaffRole } from './staff-account.entity.js';
import { StaffRepository } from './staff.repository.js';

/** Who is making a request, as far as the guards need to know. */
export interface StaffPrincipal {
  staffId: string;
  sessionId: string;
  role: StaffRole;
  email: string;
  displayName: string;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  staff: StaffAccountEntity;
}

/** 429 with the instant the account opens again; the error filter turns it into Retry-After. */
export class AccountLockedException extends HttpException {
  readonly retryAfterSeconds: number;

  constructor(lockedUntil: Date, now: Date) {
    super(
      { message: `Too many failed logins. Try again after ${lockedUntil.toISOString()}.` },
      HttpStatus.TOO_MANY_REQUESTS,
    );
    this.retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  }
}

const INVALID_LOGIN = 'Invalid email or password';
/** Sessions are extended at most once a minute, so reading pages does not write on every request. */
const EXTEND_GRANULARITY_MS = 60_000;

@Injectable()
export class AuthService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string): Promise<LoginResult> {
    const account = await this.staff.findByEmail(email.trim().toLowerCase());
    if (!account || !account.active) {
      await this.hasher.verifyNothing(password);
      throw new UnauthorizedException(INVALID_LOGIN);
    }
    const now = this.clock.now();
    if (account.lockedUntil && account.lockedUntil > now) {
      throw new AccountLockedException(account.lockedUntil, now);
    }
    if (!(await this.hasher.verify(account.passwordHash, password))) {
      const lockUntil = new Date(now.getTime() + this.config.LOGIN_LOCK_MINUTES * 60_000);
      const { lockedUntil } = await this.staff.recordFailedLogin(
        account.id,
        now,
        this.config.LOGIN_MAX_FAILURES,
        lockUntil,
      );
      if (lockedUntil && lockedUntil > now) throw new AccountLockedException(lockedUntil, now);
      throw new UnauthorizedException(INVALID_LOGIN);
    }
    await this.staff.update(account.id, {
      failedLoginCount: 0,
      lockedUntil: null,
      lastLoginAt: now,
    });
    const token = generateToken();
    const absoluteExpiresAt = new Date(now.getTime() + this.config.SESSION_MAX_HOURS * 3_600_000);
    const idleExpiresAt = this.idleExpiry(now, absoluteExpiresAt);
    await this.staff.insertSession({
      staffId: account.id,
      tokenHash: hashToken(token),
      idleExpiresAt,
      absoluteExpiresAt,
    });
    return { token, expiresAt: idleExpiresAt, staff: account };
  }

  /** The principal behind a bearer token, or null when the token is unknown, expired or its account inactive. */
  async authenticate(token: string): Promise<StaffPrincipal | null> {
    const now = this.clock.now();
    const found = await this.staff.findLiveSession(hashToken(token), now);
    if (!found) return null;
    const { session, staff } = found;
    const idleExpiresAt = this.idleExpiry(now, session.absoluteExpiresAt);
    if (idleExpiresAt.getTime() - session.idleExpiresAt.getTime() >= EXTEND_GRANULARITY_MS) {
      await this.staff.extendSession(session.id, idleExpiresAt);
    }
    return {
      staffId: staff.id,
      sessionId: session.id,
      role: staff.role,
      email: staff.email,
      displayName: staff.displayName,
    };
  }

  /** Changes one's own password; every other session of the account ends. */
  async changePassword(principal: StaffPrincipal, current: string, next: string): Promise<void> {
    const account = await this.staff.findById(principal.staffId);
    if (!account || !(await this.hasher.verify(account.passwordHash, current))) {
      throw new UnauthorizedException('The current password is not correct');
    }
    await this.staff.update(account.id, { passwordHash: await this.hasher.hash(next) });
    await this.staff.deleteSessionsOf(account.id, principal.sessionId);
  }

  logout(sessionId: string): Promise<void> {
    return this.staff.deleteSession(sessionId);
  }

  purgeExpiredSessions(): Promise<number> {
    return this.staff.deleteExpiredSessions(this.clock.now());
  }

  private idleExpiry(now: Date, absoluteExpiresAt: Date): Date {
    const idle = now.getTime() + this.config.SESSION_IDLE_MINUTES * 60_000;
    return new Date(Math.min(idle, absoluteExpiresAt.getTime()));
  }
}
