import type { Messages } from 'cognito-local/lib/services/messages';

export interface LocalCognitoMessage {
  operation: string;
  username: string;
  destination?: string;
  code: string;
}

/** Messages Cognito would send (codes, temporary passwords): kept for tests, and shown. */
export function messageService(
  messages: LocalCognitoMessage[],
  onMessage: (m: LocalCognitoMessage) => void,
): Messages {
  return {
    deliver: (_ctx, source, _clientId, _poolId, user, code, _metadata, details) => {
      const message: LocalCognitoMessage = { operation: source, username: user.Username, code };
      if (details?.Destination) message.destination = details.Destination;
      messages.push(message);
      onMessage(message);
      return Promise.resolve();
    },
  };
}

export function printMessage(m: LocalCognitoMessage): void {
  const to = m.destination ? ` (${m.destination})` : '';
  process.stdout.write(`[local-cognito] ${m.operation} for ${m.username}${to}: code ${m.code}\n`);
}
