import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Which sign-in step: the password, or the answer to a challenge. */
export type SignInStage =
  'password' | 'new_password' | 'mfa' | 'passwordless' | 'otp' | 'passkey' | 'passkey_answer';

/** The gateway's Prometheus metrics; one registry per app so several apps can share a process (tests). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'gateway_http_requests_total',
    help: 'HTTP requests by route template, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'gateway_http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly tokenRejections = new Counter({
    name: 'gateway_token_rejections_total',
    help: 'Bearer tokens refused, by error code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly signIns = new Counter({
    name: 'gateway_sign_in_outcomes_total',
    help: 'Sign-in steps by outcome: authenticated, challenge (code = challenge name) or failed (code = error code)',
    labelNames: ['step', 'outcome', 'code'] as const,
    registers: [this.registry],
  });

  readonly cognitoDuration = new Histogram({
    name: 'gateway_cognito_request_duration_seconds',
    help: 'Calls to Cognito by operation, retries included',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly cognitoErrors = new Counter({
    name: 'gateway_cognito_errors_total',
    help: 'Failed calls to Cognito by operation and exception name (never one that tells whether a user exists)',
    labelNames: ['operation', 'error'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  observeSignIn(step: SignInStage, outcome: 'authenticated' | 'challenge' | 'failed', code = ''): void {
    this.signIns.inc({ step, outcome, code });
  }

  observeTokenRejection(code: string): void {
    this.tokenRejections.inc({ code });
  }

  /** `error`: the exception's name, already cleared of user-existence answers (cognito-calls.ts). */
  observeCognitoCall(operation: string, seconds: number, error?: string): void {
    this.cognitoDuration.observe({ operation }, seconds);
    if (error !== undefined) this.cognitoErrors.inc({ operation, error });
  }
}
