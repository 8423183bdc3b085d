import type { z } from 'zod';
import type { BerthError, Result } from '../../shared/errors';
import {
  isMethodName,
  isTopicName,
  methodSchemas,
  topicSchemas,
  type MethodName,
  type MethodParsedInput,
  type MethodResult,
  type TopicName,
  type TopicParsedParams,
  type TopicPayload,
} from '../../shared/contract';
import { toBerthError } from './errors';

export type Unsubscribe = () => void;

export type MethodHandler<M extends MethodName> = (
  input: MethodParsedInput<M>,
) => Promise<MethodResult<M>> | MethodResult<M>;

export interface TopicSink<T extends TopicName> {
  emit(payload: TopicPayload<T>): void;
  /** Ends the subscription with an error the client can show. */
  fail(error: BerthError): void;
}

export type TopicHandler<T extends TopicName> = (
  params: TopicParsedParams<T>,
  sink: TopicSink<T>,
) => Unsubscribe | Promise<Unsubscribe>;

/** The transport side of a subscription: untyped, since it sits at the wire. */
export interface RawSink {
  event(payload: unknown): void;
  error(error: BerthError): void;
}

/**
 * One router, driven by both transports. It validates every input against the
 * contract's schema and turns every failure into a BerthError value.
 */
export class Router {
  private readonly methods = new Map<string, (input: unknown) => Promise<unknown>>();
  private readonly topics = new Map<string, (params: unknown, sink: RawSink) => Unsubscribe | Promise<Unsubscribe>>();

  method<M extends MethodName>(name: M, handler: MethodHandler<M>): void {
    if (this.methods.has(name)) throw new Error(`method ${name} registered twice`);
    this.methods.set(name, async (input) => handler(input as MethodParsedInput<M>));
  }

  topic<T extends TopicName>(name: T, handler: TopicHandler<T>): void {
    if (this.topics.has(name)) throw new Error(`topic ${name} registered twice`);
    this.topics.set(name, (params, sink) =>
      handler(params as TopicParsedParams<T>, {
        emit: (payload) => sink.event(payload),
        fail: (error) => sink.error(error),
      }),
    );
  }

  async invoke(name: unknown, input: unknown): Promise<Result<unknown>> {
    if (typeof name !== 'string' || !isMethodName(name)) {
      return fail({ code: 'unknown_method', message: `Unknown method ${describeName(name)}.` });
    }
    const handler = this.methods.get(name);
    if (!handler) return fail({ code: 'unknown_method', message: `Method ${name} is not available here.` });
    const parsed = validate(methodSchemas[name], input, name);
    if (!parsed.ok) return parsed;
    try {
      return { ok: true, value: await handler(parsed.value) };
    } catch (error) {
      return { ok: false, error: toBerthError(error) };
    }
  }

  /**
   * Starts a subscription. Failures (unknown topic, invalid params, handler errors)
   * reach `sink.error`; the returned function always ends the subscription, even if
   * the handler has not finished starting.
   */
  subscribe(name: unknown, params: unknown, sink: RawSink): Unsubscribe {
    if (typeof name !== 'string' || !isTopicName(name) || !this.topics.has(name)) {
      sink.error({ code: 'unknown_topic', message: `Unknown topic ${describeName(name)}.` });
      return noop;
    }
    const parsed = validate(topicSchemas[name], params, name);
    if (!parsed.ok) {
      sink.error(parsed.error);
      return noop;
    }
    let closed = false;
    let stop: Unsubscribe | undefined;
    const guarded: RawSink = {
      event: (payload) => {
        if (!closed) sink.event(payload);
      },
      error: (error) => {
        if (closed) return;
        closed = true;
        sink.error(error);
        stop?.();
      },
    };
    const onStartError = (error: unknown): void => guarded.error(toBerthError(error));
    try {
      const started = this.topics.get(name)!(parsed.value, guarded);
      if (typeof started === 'function') {
        stop = started;
      } else {
        started.then((fn) => {
          if (closed) fn();
          else stop = fn;
        }, onStartError);
      }
    } catch (error) {
      onStartError(error);
    }
    return () => {
      if (closed) return;
      closed = true;
      stop?.();
    };
  }
}

function validate(schema: z.ZodType, input: unknown, name: string): Result<unknown> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`);
  return fail({ code: 'invalid_input', message: `Invalid input for ${name}: ${issues.join('; ')}.` });
}

function fail(error: BerthError): Result<never> {
  return { ok: false, error };
}

function describeName(name: unknown): string {
  return typeof name === 'string' ? JSON.stringify(name.slice(0, 100)) : `(${typeof name})`;
}

const noop: Unsubscribe = () => {};
