import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Clock, generateToken, hashToken } from '@app/common';
import { LoginThrottle, normaliseEmail } from './login-throttle.js';
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
  /** The office the staff member works in; null for a platform admin, who belongs to none. */
  officeId: string | null;
}

/**
 * The office whose records a staff member creates and changes. Someone without an office (a
 * platform admin) acts on no office's records through the office routes.
 */
export function officeOf(principal: StaffPrincipal): string {
  if (principal.officeId === null)
    throw new ForbiddenException({ code: 'no_office', message: 'This needs an office account' });
  return principal.officeId;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  staff: StaffAccountEntity;
}

const INVALID_LOGIN = 'Invalid email or password';
/** Sessions are extended at most once a minute, so reading pages does not write on every request. */
const EXTEND_GRANULARITY_MS = 60_000;

@Injectable()
export class AuthService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Checks the password and opens a session. Unknown, inactive and known accounts are answered
   * alike, in the same time (a dummy hash is verified when there is no account) and with the same
   * throttling, which counts per email and client address (see LoginThrottle): nothing tells
   * which emails are accounts, and nobody can lock an account for its owner.
   */
  async login(email: string, password: string, clientAddress: string): Promise<LoginResult> {
    await this.throttle.assertMayTry(email, clientAddress);
    const account = await this.staff.findByEmail(normaliseEmail(email));
    const valid =
      account && account.active
        ? await this.hasher.verify(account.passwordHash, password)
        : await this.hasher.verifyNothing(password);
    if (!account || !valid) {
      await this.throttle.recordFailure(email, clientAddress);
      throw new UnauthorizedException(INVALID_LOGIN);
    }
    await this.throttle.recordSuccess(email, clientAddress);
    const now = this.clock.now();
    await this.staff.update(account.id, { lastLoginAt: now });
    return { ...(await this.openSession(account.id, now)), staff: account };
  }

  /**
   * A further session of an authenticated staff member, ended apart from the one it came from
   * (the queue dashboard's own cookie: never a copy of the browser's session token).
   */
  openSessionFor(principal: StaffPrincipal): Promise<{ token: string; expiresAt: Date }> {
    return this.openSession(principal.staffId, this.clock.now());
  }

  private async openSession(
    staffId: string,
    now: Date,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = generateToken();
    const absoluteExpiresAt = new Date(now.getTime() + this.config.SESSION_MAX_HOURS * 3_600_000);
    const idleExpiresAt = this.idleExpiry(now, absoluteExpiresAt);
    await this.staff.insertSession({
      staffId,
      tokenHash: hashToken(token),
      idleExpiresAt,
      absoluteExpiresAt,
    });
    return { token, expiresAt: idleExpiresAt };
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
      officeId: staff.officeId,
    };
  }

  /**
   * Changes one's own password; every other session of the account ends. Wrong current passwords
   * are throttled like failed logins (a stolen session must not become a password oracle), and
   * the new password must differ from the current one.
   */
  async changePassword(
    principal: StaffPrincipal,
    current: string,
    next: string,
    clientAddress: string,
  ): Promise<void> {
    await this.throttle.assertMayTry(principal.email, clientAddress);
    const account = await this.staff.findById(principal.staffId);
    if (!account || !(await this.hasher.verify(account.passwordHash, current))) {
      await this.throttle.recordFailure(principal.email, clientAddress);
      throw new UnauthorizedException({
        code: 'wrong_current_password',
        message: 'The current password is not correct',
      });
    }
    await this.throttle.recordSuccess(principal.email, clientAddress);
    // The current password has just been verified: equal text means the same password.
    if (next === current) {
      throw new BadRequestException({
        code: 'password_unchanged',
        message: 'The new password must differ from the current one',
      });
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
