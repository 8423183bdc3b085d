import { kindKey } from '../../../../shared/kube/kind';
import type { MessageSchema } from './messageSchema';
import { eventMessage } from './eventMessage';
import { podMessage } from './podMessage';

/**
 * The kinds listed and watched in protobuf: those that come by the thousand, where JSON's
 * cost (the server's encoding, our parsing) is what the user waits for. Others stay JSON.
 */
const SCHEMAS: ReadonlyMap<string, MessageSchema> = new Map([
  ['pods', podMessage],
  ['events', eventMessage],
]);

export function protobufSchemaOf(kind: { plural: string; group: string }): MessageSchema | undefined {
  return SCHEMAS.get(kindKey(kind));
}
