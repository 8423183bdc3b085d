import type { z } from 'zod';

/** A method's input schema; its result type lives in the area's `*Results` interface. */
export type MethodSchemas = Record<string, z.ZodType>;
/** A topic's parameter schema; its payload type lives in the area's `*Payloads` interface. */
export type TopicSchemas = Record<string, z.ZodType>;

/** Compile-time check that two key sets are the same (schemas and result types cannot drift). */
export type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : { missing: Exclude<keyof A, keyof B>; extra: Exclude<keyof B, keyof A> };
export function assertSameKeys<T extends true>(): T | void {}
