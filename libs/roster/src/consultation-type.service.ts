import { Injectable } from '@nestjs/common';
import { consultationTypeNotFound, counsellorNotFound, fieldError } from './roster-errors.js';
import { interpreterNotLinkable, poolHoldsInterpretersOnly } from './interpreter-errors.js';
import { InterpreterRepository } from './interpreter.repository.js';
import type {
  Channel,
  ConsultationTypeEntity,
  LocalizedText,
  RequiredContact,
} from './roster.entities.js';
import { RosterRepository } from './roster.repository.js';
import { TOPIC_CODES } from './topics.js';

export interface ConsultationTypeInput {
  name?: LocalizedText;
  description?: LocalizedText;
  topic?: string;
  durationMinutes?: number;
  stepMinutes?: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  minNoticeMinutes?: number;
  horizonDays?: number;
  channel?: Channel;
  /** Defaults to 'phone' for phone consultations (someone has to be called), else 'any'. */
  requiredContact?: RequiredContact;
  reminderOffsetsMinutes?: number[];
  changeCutoffMinutes?: number;
  joinOpensMinutesBefore?: number;
  joinClosesMinutesAfter?: number;
  e2ee?: boolean;
  autoAdmit?: boolean;
  active?: boolean;
  counsellorIds?: string[];
}

type Complete = Required<
  Omit<
    ConsultationTypeInput,
    | 'description'
    | 'counsellorIds'
    | 'active'
    | 'reminderOffsetsMinutes'
    | 'changeCutoffMinutes'
    | 'joinOpensMinutesBefore'
    | 'joinClosesMinutesAfter'
    | 'e2ee'
    | 'autoAdmit'
    | 'requiredContact'
  >
> &
  ConsultationTypeInput;

@Injectable()
export class ConsultationTypeService {
  constructor(
    private readonly roster: RosterRepository,
    private readonly interpreters: InterpreterRepository,
  ) {}

  /** Every office's types, for the public catalogue; staff see their office's (`listOfOffice`). */
  list(onlyActive = false): Promise<ConsultationTypeEntity[]> {
    return this.roster.listConsultationTypes(onlyActive);
  }

  listOfOffice(officeId: string): Promise<ConsultationTypeEntity[]> {
    return this.roster.listConsultationTypes(false, officeId);
  }

  /** A type of the office; another office's is answered like an unknown id. */
  async get(officeId: string, id: string): Promise<ConsultationTypeEntity> {
    const type = await this.roster.findConsultationType(id, officeId);
    if (!type) throw consultationTypeNotFound();
    return type;
  }

  /** A new type of the office (the creating staff member's). */
  async create(officeId: string, input: Complete): Promise<ConsultationTypeEntity> {
    // A pool lends interpreters; clients never book it, so it offers nothing to book.
    if ((await this.interpreters.officeKind(officeId)) === 'interpreter_pool')
      throw poolHoldsInterpretersOnly('topic');
    await this.check(officeId, input);
    const { counsellorIds, ...fields } = input;
    const saved = await this.roster.saveConsultationType(
      {
        officeId,
        description: {},
        reminderOffsetsMinutes: [1440, 60],
        active: true,
        ...fields,
        requiredContact: fields.requiredContact ?? (fields.channel === 'phone' ? 'phone' : 'any'),
      },
      counsellorIds ?? [],
    );
    return this.get(officeId, saved.id);
  }

  async update(
    officeId: string,
    id: string,
    input: ConsultationTypeInput,
  ): Promise<ConsultationTypeEntity> {
    const current = await this.get(officeId, id);
    const merged = { ...current, ...input };
    await this.check(current.officeId, merged);
    const { counsellorIds, ...fields } = input;
    await this.roster.saveConsultationType({ id, ...fields }, counsellorIds);
    return this.get(officeId, id);
  }

  /**
   * The types a counsellor offers, set from the counsellor's side: the same links as each type's
   * "offered by", so a new counsellor can be given their types where they are created. Only a
   * counsellor and types of the office.
   */
  async setTypesOfCounsellor(
    officeId: string,
    counsellorId: string,
    typeIds: string[],
  ): Promise<string[]> {
    const counsellor = await this.roster.findCounsellor(counsellorId, officeId);
    if (!counsellor) throw counsellorNotFound();
    if (counsellor.kind === 'interpreter') throw interpreterNotLinkable('consultationTypeIds');
    const unique = [...new Set(typeIds)];
    if ((await this.roster.countConsultationTypes(unique, counsellor.officeId)) !== unique.length) {
      throw fieldError(
        'consultationTypeIds',
        'Some consultation type ids do not exist',
        'unknown_consultation_type_ids',
      );
    }
    await this.roster.setCounsellorTypes(counsellorId, unique);
    return unique.sort();
  }

  /** Rules that span fields, checked before anything is written; counsellors must be of the office. */
  private async check(officeId: string, input: ConsultationTypeInput): Promise<void> {
    if (input.topic !== undefined && !TOPIC_CODES.includes(input.topic)) {
      throw fieldError(
        'topic',
        `Unknown topic ${input.topic}; known: ${TOPIC_CODES.join(', ')}`,
        'unknown_topic',
      );
    }
    if (input.name && !input.name.de && !input.name.en) {
      throw fieldError(
        'name',
        'name needs at least a German (de) or English (en) text',
        'consultation_type_name_missing',
      );
    }
    if (
      input.horizonDays !== undefined &&
      input.minNoticeMinutes !== undefined &&
      input.horizonDays * 1440 < input.minNoticeMinutes
    ) {
      throw fieldError(
        'horizonDays',
        'The booking horizon must not be shorter than the minimum notice',
        'horizon_shorter_than_notice',
      );
    }
    // Before the count, which knows counsellors only: an interpreter is refused as such.
    if (
      input.counsellorIds &&
      (await this.interpreters.countInterpreters(input.counsellorIds, officeId)) > 0
    )
      throw interpreterNotLinkable('counsellorIds');
    if (
      input.counsellorIds &&
      (await this.roster.countCounsellors(input.counsellorIds, officeId)) !==
        new Set(input.counsellorIds).size
    ) {
      throw fieldError(
        'counsellorIds',
        'Some counsellor ids do not exist',
        'unknown_counsellor_ids',
      );
    }
  }
}
