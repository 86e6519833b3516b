import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { PublicConsultationType, PublicTopic, Slot } from '../api/types';
import { LANGUAGES, spokenLanguageOf } from '../i18n/languages';
import { InterpreterChoice, InterpreterSummary } from '../interpreter/InterpreterChoice';
import { ErrorNotice } from '../ui/ErrorNotice';
import { browserZone, useFormat } from '../ui/format';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { JoinWaitlist } from '../waitlist/JoinWaitlist';
import { DetailsForm } from './DetailsForm';
import { offeredInterpreterLanguage } from './logic';
import { SlotPicker } from './SlotPicker';

type Step = 'topic' | 'time' | 'details';
const STEPS: Step[] = ['topic', 'time', 'details'];

interface BookingPageProps {
  /** The office (slug) whose types are offered. */
  office?: string;
  /** A type chosen before (the directory's next free time): its topic and it are preselected. */
  initialTypeId?: string;
}

/** The client's booking flow: what and in which language → when → who and how to reach them. */
export function BookingPage({ office, initialTypeId }: BookingPageProps = {}) {
  // The waitlist's texts too: it is offered where no time is free.
  const { t, i18n } = useTranslation(['booking', 'waitlist']);
  usePageTitle(t('title'));
  const format = useFormat();
  const language = i18n.language;
  const [step, setStep] = useState<Step>('topic');
  const [topic, setTopic] = useState<string | null>(null);
  const [typeId, setTypeId] = useState<string | null>(null);
  // Leichte Sprache is read, not spoken: its counselling language is German.
  const [conversationLanguage, setConversationLanguage] = useState<string>(
    spokenLanguageOf(language) === 'de' ? '' : spokenLanguageOf(language),
  );
  // '' = no interpreter; else the language an interpreter is booked for with the counsellor.
  const [interpreterChoice, setInterpreterChoice] = useState('');
  // The interpreter of the chosen time was booked by someone else meanwhile: said on the time step.
  const [interpreterTaken, setInterpreterTaken] = useState(false);
  const queryClient = useQueryClient();
  const [zone, setZone] = useState(browserZone);
  const [slot, setSlot] = useState<Slot | null>(null);
  // Days the client found nothing in and wants to wait for (the waitlist form replaces the picker).
  const [waitFor, setWaitFor] = useState<{ from: string; to: string } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  // Each step announces itself: focus goes to its heading (keyboard and screen-reader users).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [step, waitFor]);

  const topics = useQuery({
    queryKey: ['topics', language],
    queryFn: ({ signal }) =>
      request<PublicTopic[]>('/api/public/topics', { query: { language }, signal }),
    staleTime: 5 * 60_000,
  });
  const types = useQuery({
    queryKey: ['consultation-types', language, office],
    queryFn: ({ signal }) =>
      request<PublicConsultationType[]>('/api/public/consultation-types', {
        query: { language, office },
        signal,
      }),
    staleTime: 5 * 60_000,
  });
  // The directory's choice holds until the client chooses a topic themselves.
  const initialType =
    topic === null
      ? (types.data ?? []).find((candidate) => candidate.id === initialTypeId)
      : undefined;
  const chosenTopic = topic ?? initialType?.topic.code ?? null;
  const chosenTypeId = typeId ?? initialType?.id ?? null;

  const offeredTopics = (topics.data ?? []).filter((candidate) =>
    (types.data ?? []).some((type) => type.topic.code === candidate.code),
  );
  const typesOfTopic = (types.data ?? []).filter((type) => type.topic.code === chosenTopic);
  const type = typesOfTopic.find((candidate) => candidate.id === chosenTypeId) ?? null;
  const interpreterLanguages = type?.interpreterLanguages ?? [];
  const interpreterLanguage = offeredInterpreterLanguage(interpreterChoice, interpreterLanguages);

  const chooseTopic = (code: string) => {
    setTopic(code);
    const ofTopic = (types.data ?? []).filter((candidate) => candidate.topic.code === code);
    setTypeId(ofTopic.length === 1 ? ofTopic[0].id : null);
    setSlot(null);
  };

  return (
    <section className="booking">
      <ol className="steps" aria-label={t('steps.label')}>
        {STEPS.map((name, index) => (
          <li key={name} aria-current={step === name ? 'step' : undefined}>
            {t('steps.item', { number: index + 1, name: t(`steps.${name}`) })}
          </li>
        ))}
      </ol>

      {step === 'topic' ? (
        <div className="card stack">
          <h1 ref={heading} tabIndex={-1}>
            {t('topic.title')}
          </h1>
          <p>{t('intro')}</p>
          {topics.isPending || types.isPending ? <Loading /> : null}
          <ErrorNotice error={topics.error ?? types.error} />
          {types.isSuccess && offeredTopics.length === 0 ? (
            <p className="notice">{t('topic.none')}</p>
          ) : null}
          {offeredTopics.length > 0 ? (
            <fieldset>
              <legend>{t('topic.legend')}</legend>
              <div className="option-list">
                {offeredTopics.map((candidate) => (
                  <label key={candidate.code} className="option">
                    <input
                      type="radio"
                      name="topic"
                      value={candidate.code}
                      checked={chosenTopic === candidate.code}
                      onChange={() => chooseTopic(candidate.code)}
                    />
                    <span>{candidate.name}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          {typesOfTopic.length > 1 ? (
            <fieldset>
              <legend>{t('type.legend')}</legend>
              <div className="option-list">
                {typesOfTopic.map((candidate) => (
                  <label key={candidate.id} className="option">
                    <input
                      type="radio"
                      name="type"
                      value={candidate.id}
                      checked={chosenTypeId === candidate.id}
                      onChange={() => {
                        setTypeId(candidate.id);
                        setSlot(null);
                      }}
                    />
                    <span>
                      <strong>{candidate.name}</strong>
                      <br />
                      <span className="muted">
                        {t('type.facts', {
                          minutes: candidate.durationMinutes,
                          channel: t(`common:channel.${candidate.channel}`),
                        })}
                      </span>
                      {candidate.description ? (
                        <>
                          <br />
                          {candidate.description}
                        </>
                      ) : null}
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          {type && typesOfTopic.length === 1 ? (
            <p className="notice">
              <strong>{type.name}</strong>:{' '}
              {t('type.facts', {
                minutes: type.durationMinutes,
                channel: t(`common:channel.${type.channel}`),
              })}
              {type.description ? ` – ${type.description}` : ''}
            </p>
          ) : null}
          {/* Shown once the topics are there: appearing below them moves nothing (no layout shift). */}
          {topics.isSuccess && types.isSuccess ? (
            <>
              <fieldset>
                <legend>{t('language.legend')}</legend>
                <p className="field-hint">{t('language.hint')}</p>
                <div className="option-list">
                  {[
                    { code: '', name: t('language.any') },
                    ...LANGUAGES.filter((l) => spokenLanguageOf(l.code) === l.code),
                  ].map((candidate) => (
                    <label key={candidate.code || 'any'} className="option">
                      <input
                        type="radio"
                        name="conversation-language"
                        value={candidate.code}
                        checked={conversationLanguage === candidate.code}
                        onChange={() => {
                          setConversationLanguage(candidate.code);
                          setSlot(null);
                        }}
                      />
                      <span lang={candidate.code || undefined}>{candidate.name}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
              {interpreterLanguages.length > 0 ? (
                <InterpreterChoice
                  languages={interpreterLanguages}
                  value={interpreterLanguage ?? ''}
                  onChange={(next) => {
                    setInterpreterChoice(next);
                    setSlot(null);
                  }}
                />
              ) : null}
              <div className="row">
                <button
                  type="button"
                  className="btn btn-primary btn-large"
                  disabled={!type}
                  onClick={() => {
                    setInterpreterTaken(false);
                    setStep('time');
                  }}
                >
                  {t('next')}
                </button>
                {!type ? <span className="muted">{t('topic.choose')}</span> : null}
              </div>
            </>
          ) : null}
        </div>
      ) : null}

      {step === 'time' && type ? (
        <div className="card stack">
          <h1 ref={heading} tabIndex={-1}>
            {waitFor ? t('waitlist:join.title') : t('slots.title')}
          </h1>
          <p className="muted">
            {type.name} ·{' '}
            {t('type.facts', {
              minutes: type.durationMinutes,
              channel: t(`common:channel.${type.channel}`),
            })}
          </p>
          {interpreterLanguage ? <InterpreterSummary language={interpreterLanguage} /> : null}
          {interpreterTaken && !slot ? (
            <p className="notice notice-warning" role="alert">
              {t('interpreter.taken')}
            </p>
          ) : null}
          {waitFor && office ? (
            <JoinWaitlist
              type={type}
              officeSlug={office}
              counsellorLanguage={conversationLanguage || undefined}
              interpreterLanguage={interpreterLanguage}
              from={waitFor.from}
              to={waitFor.to}
              onBack={() => setWaitFor(null)}
            />
          ) : (
            <SlotPicker
              consultationTypeId={type.id}
              counsellorLanguage={conversationLanguage || undefined}
              interpreterLanguage={interpreterLanguage}
              zone={zone}
              onZoneChange={(next) => {
                setZone(next);
                setSlot(null);
              }}
              selected={slot?.start ?? null}
              onSelect={setSlot}
              noneFree={
                office
                  ? (range) => (
                      <div className="stack">
                        <p>{t('waitlist:offer.text')}</p>
                        <div className="row">
                          <button type="button" className="btn" onClick={() => setWaitFor(range)}>
                            {t('waitlist:offer.button')}
                          </button>
                        </div>
                      </div>
                    )
                  : undefined
              }
              noneSuits={
                office
                  ? (range) => (
                      <p className="muted">
                        {t('waitlist:offer.earlierText')}{' '}
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => setWaitFor(range)}
                        >
                          {t('waitlist:offer.earlierButton')}
                        </button>
                      </p>
                    )
                  : undefined
              }
            />
          )}
          {slot && !waitFor ? (
            <p className="notice" role="status">
              {t('slots.chosen', {
                when: `${format.dateTime(slot.start, zone)}`,
                zone: format.zone(zone, slot.start),
              })}
            </p>
          ) : null}
          {conversationLanguage ? <p className="muted">{t('slots.languageHint')}</p> : null}
          {waitFor ? null : (
            <div className="row">
              <button type="button" className="btn" onClick={() => setStep('topic')}>
                {t('common:actions.back')}
              </button>
              <button
                type="button"
                className="btn btn-primary btn-large"
                disabled={!slot}
                onClick={() => setStep('details')}
              >
                {t('next')}
              </button>
            </div>
          )}
        </div>
      ) : null}

      {step === 'details' && type && slot ? (
        <div className="card stack">
          <h1 ref={heading} tabIndex={-1}>
            {t('details.title')}
          </h1>
          <p className="notice">
            {t('details.summary', {
              type: type.name,
              when: format.dateTime(slot.start, zone),
              zone: format.zone(zone, slot.start),
            })}
          </p>
          <DetailsForm
            type={type}
            slot={slot}
            zone={zone}
            counsellorLanguage={conversationLanguage || undefined}
            interpreterLanguage={interpreterLanguage}
            offersInterpreters={interpreterLanguages.length > 0}
            onBack={() => setStep('time')}
            onInterpreterTaken={() => {
              // The times shown before counted that interpreter as free: forgotten, so the picker
              // shows none of them again while it asks anew.
              queryClient.removeQueries({ queryKey: ['slots'] });
              setSlot(null);
              setInterpreterTaken(true);
              setStep('time');
            }}
            onTaken={(next) => setSlot(next)}
            onGone={() => {
              setSlot(null);
              setStep('time');
            }}
          />
        </div>
      ) : null}
    </section>
  );
}
