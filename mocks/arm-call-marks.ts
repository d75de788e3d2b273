// The User Timing entries each emulated ARM call leaves on the page (mocks/browser.ts), apart
// from the browser emulator so that the e2e support code can import them without bundling it.

/**
 * Emulated calls never reach the network, so neither DevTools' Network panel nor Playwright's
 * request events show them. Each call leaves User Timing entries instead: a mark named
 * ARM_REQUEST_MARK when it is asked, and a measure ("ARM GET /subscriptions 200") when it is
 * answered, both with this detail (status 0: a network error, or a call the app cancelled).
 * DevTools' Performance panel shows the measures; the e2e tests and the bench observe both
 * (decision 004). They are cleared from the page's buffer as soon as they are made.
 */
export interface ArmCallDetail {
  id: number;
  method: string;
  url: string;
  /** The request's x-ms-client-request-id: the console sends one per request, the same on its retries. */
  clientRequestId?: string;
  status?: number;
}

export const ARM_REQUEST_MARK = 'ARM request';
