import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { errorCode, request } from '../api/client';
import type { components } from '../api/openapi';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { COMMENT_MAX, commentLength, surveyFragment } from './logic';
import './survey.css';

type SurveyContext = components['schemas']['SurveyContextDto'];
type SurveyAnswer = components['schemas']['SurveyAnswerDto'];
type LaterAnswers = components['schemas']['SurveyLaterAnswersDto'];
type Answered = components['schemas']['SurveyAnsweredDto'];

const TOKEN_HEADER = 'X-Survey-Token';
const SCALE = [1, 2, 3, 4, 5] as const;

/**
 * The feedback survey behind the link a client gets after a consultation: three questions and a
 * comment, answered once. A tap on an answer in the message is the answer to the first question,
 * stored as soon as the page opens (many will read no further); the page then offers the other
 * questions, which it adds with the key that first answer returned.
 */
export default function SurveyPage() {
  const { t } = useTranslation('survey');
  usePageTitle(t('title'));
  // The token (and the first answer) travel in the fragment: never sent to a server or in a Referer.
  const { hash } = useLocation();
  const { token, helpful } = surveyFragment(hash);
  const context = useQuery({
    queryKey: ['survey', token],
    queryFn: ({ signal }) =>
      request<SurveyContext>('/api/public/survey', {
        headers: { [TOKEN_HEADER]: token ?? '' },
        signal,
      }),
    enabled: token !== null,
    refetchOnWindowFocus: false,
  });
  const [done, setDone] = useState<'thanks' | 'answered' | null>(null);

  if (done === 'thanks') return <Thanks />;
  if (token === null) return <Ended message={t('invalid')} />;
  if (done === 'answered' || errorCode(context.error) === 'survey_answered')
    return <Ended message={t('answered')} />;
  if (errorCode(context.error) === 'survey_expired') return <Ended message={t('expired')} />;
  if (errorCode(context.error) === 'survey_not_found') return <Ended message={t('invalid')} />;
  if (context.isError)
    return (
      <section className="card narrow">
        <h1>{t('title')}</h1>
        <ErrorNotice error={context.error} />
      </section>
    );
  if (context.isPending) return <Loading />;
  if (helpful !== null)
    return (
      <TappedSurvey
        token={token}
        context={context.data}
        helpful={helpful}
        onDone={(outcome) => setDone(outcome)}
      />
    );
  return (
    <SurveyForm
      token={token}
      context={context.data}
      initialHelpful={helpful}
      onDone={(outcome) => setDone(outcome)}
    />
  );
}

/** The tapped answer, stored on arrival; then the rest of the form, added with the key. */
function TappedSurvey({
  token,
  context,
  helpful,
  onDone,
}: {
  token: string;
  context: SurveyContext;
  helpful: number;
  onDone: (outcome: 'thanks' | 'answered') => void;
}) {
  const { t } = useTranslation('survey');
  const first = useMutation({
    mutationFn: () =>
      request<Answered>('/api/public/survey', {
        method: 'POST',
        headers: { [TOKEN_HEADER]: token },
        body: { helpful } satisfies SurveyAnswer,
      }),
    onError: (error) => {
      if (errorCode(error) === 'survey_answered') onDone('answered');
    },
  });
  // Once, however often React runs the effect (StrictMode runs it twice in development).
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    first.mutate();
  }, [first]);

  if (first.isPending || first.isIdle) return <Loading />;
  if (first.isError)
    return (
      <section className="card narrow">
        <h1>{t('title')}</h1>
        <ErrorNotice error={first.error} />
      </section>
    );
  const key = first.data.completionKey;
  if (!key) return <Thanks />;
  return (
    <SurveyForm
      token={token}
      context={context}
      initialHelpful={helpful}
      completionKey={key}
      onDone={onDone}
    />
  );
}

function SurveyForm({
  token,
  context,
  initialHelpful,
  completionKey,
  onDone,
}: {
  token: string;
  context: SurveyContext;
  initialHelpful: number | null;
  /** The first answer is stored already: the form adds the others with this key. */
  completionKey?: string;
  onDone: (outcome: 'thanks' | 'answered') => void;
}) {
  const { t } = useTranslation('survey');
  const [helpful, setHelpful] = useState<number | null>(initialHelpful);
  const [technology, setTechnology] = useState<number | null>(null);
  const [again, setAgain] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const commentId = useId();
  const firstQuestion = useRef<HTMLFieldSetElement>(null);
  const send = useMutation({
    mutationFn: ({ helpful: first, ...later }: SurveyAnswer) =>
      completionKey
        ? request<Answered>('/api/public/survey/completion', {
            method: 'POST',
            headers: { 'X-Survey-Completion': completionKey },
            body: later satisfies LaterAnswers,
          })
        : request<Answered>('/api/public/survey', {
            method: 'POST',
            headers: { [TOKEN_HEADER]: token },
            body: { helpful: first, ...later },
          }),
    onSuccess: () => onDone('thanks'),
    onError: (error) => {
      if (errorCode(error) === 'survey_answered') onDone('answered');
      // The hour to add answers has passed: the first one is kept all the same.
      if (errorCode(error) === 'survey_completion_gone') onDone('thanks');
    },
  });
  const left = COMMENT_MAX - commentLength(comment);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (helpful === null) {
      setMissing(true);
      firstQuestion.current?.querySelector('input')?.focus();
      return;
    }
    const text = comment.trim();
    send.mutate({
      helpful,
      technologyEasy: technology,
      useAgain: again,
      ...(text ? { comment: text } : {}),
    });
  };

  return (
    <section className="card narrow">
      <h1>{t('title')}</h1>
      <p>{t('intro', { office: context.officeName })}</p>
      {completionKey ? (
        <p className="notice notice-success" role="status">
          {t('tapSaved', { answer: helpful ?? '' })}
        </p>
      ) : null}
      <p className="muted">{t('anonymous')}</p>
      <form className="stack survey-form" onSubmit={submit} noValidate>
        {completionKey ? null : (
          <Scale
            name="helpful"
            legend={t('helpful.legend')}
            low={t('helpful.low')}
            high={t('helpful.high')}
            value={helpful}
            onChange={(value) => {
              setHelpful(value);
              setMissing(false);
            }}
            error={missing ? t('required') : null}
            fieldsetRef={firstQuestion}
          />
        )}
        <Scale
          name="technology"
          legend={t('technology.legend')}
          low={t('technology.low')}
          high={t('technology.high')}
          value={technology}
          onChange={setTechnology}
          error={null}
        />
        <fieldset>
          <legend>{t('again.legend')}</legend>
          <div className="survey-yes-no">
            {([true, false] as const).map((value) => (
              <label key={String(value)} className="survey-option">
                <input
                  type="radio"
                  name="again"
                  checked={again === value}
                  onChange={() => setAgain(value)}
                />
                {value ? t('again.yes') : t('again.no')}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor={commentId}>{t('comment.label')}</label>
          <p className="field-hint" id={`${commentId}-hint`}>
            {t('comment.hint')}
          </p>
          <textarea
            id={commentId}
            value={comment}
            maxLength={COMMENT_MAX}
            aria-describedby={`${commentId}-hint ${commentId}-left`}
            onChange={(event) => setComment(event.target.value)}
          />
          <p className="field-hint" id={`${commentId}-left`} aria-live="polite">
            {t('comment.left', { count: Math.max(0, left) })}
          </p>
        </div>
        {send.isError && errorCode(send.error) !== 'survey_answered' && (
          <ErrorNotice error={send.error} />
        )}
        <button type="submit" className="btn btn-primary btn-large" disabled={send.isPending}>
          {send.isPending ? t('sending') : t('send')}
        </button>
      </form>
    </section>
  );
}

/** Five answers as one radio group: a fieldset with its question as legend, big targets. */
function Scale({
  name,
  legend,
  low,
  high,
  value,
  onChange,
  error,
  fieldsetRef,
}: {
  name: string;
  legend: string;
  low: string;
  high: string;
  value: number | null;
  onChange: (value: number) => void;
  error: string | null;
  fieldsetRef?: Ref<HTMLFieldSetElement>;
}) {
  const id = useId();
  return (
    <fieldset
      ref={fieldsetRef}
      aria-describedby={`${id}-ends${error ? ` ${id}-error` : ''}`}
      className={error ? 'field-invalid' : undefined}
    >
      <legend>{legend}</legend>
      <div className="survey-scale">
        {SCALE.map((n) => (
          <label key={n} className="survey-option">
            <input
              type="radio"
              name={name}
              value={n}
              checked={value === n}
              onChange={() => onChange(n)}
              aria-label={n === 1 ? `1 – ${low}` : n === 5 ? `5 – ${high}` : String(n)}
            />
            <span aria-hidden="true">{n}</span>
          </label>
        ))}
      </div>
      <p className="survey-ends" id={`${id}-ends`}>
        <span>1 – {low}</span>
        <span>5 – {high}</span>
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function Thanks() {
  const { t } = useTranslation('survey');
  const heading = useRef<HTMLHeadingElement>(null);
  // The form is gone: lead screen readers to what replaced it.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card narrow">
      <h1 ref={heading} tabIndex={-1}>
        {t('thanks.title')}
      </h1>
      <p className="notice notice-success">{t('thanks.text')}</p>
    </section>
  );
}

function Ended({ message }: { message: string }) {
  const { t } = useTranslation('survey');
  return (
    <section className="card narrow">
      <h1>{t('title')}</h1>
      <p className="notice">{message}</p>
      <Link to="/" className="btn">
        {t('home')}
      </Link>
    </section>
  );
}
