import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';

/** Releases the SDK client's pooled sockets once the HTTP server has finished its last request. */
@Injectable()
export class CognitoClientCloser implements OnApplicationShutdown {
  constructor(private readonly client: CognitoIdentityProviderClient) {}

  onApplicationShutdown(): void {
    this.client.destroy();
  }
}
