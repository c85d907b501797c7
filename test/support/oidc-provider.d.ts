/**
 * oidc-provider ships no types and @types/oidc-provider is not installed: these are the few
 * parts the test identity provider (oidc-test-provider.ts) uses.
 */
declare module 'oidc-provider' {
  type NodeRequest = import('node:http').IncomingMessage;
  type NodeResponse = import('node:http').ServerResponse;

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; details: Record<string, unknown> };
    params: Record<string, unknown> & { client_id: string };
    session?: { accountId: string };
    grantId?: string;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    save(): Promise<string>;
  }

  export type InteractionResult =
    | { login: { accountId: string } }
    | { consent: { grantId?: string } }
    | { error: string; error_description?: string };

  export class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    callback(): (req: NodeRequest, res: NodeResponse) => void;
    interactionDetails(req: NodeRequest, res: NodeResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: NodeRequest,
      res: NodeResponse,
      result: InteractionResult,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    Grant: new (init: { accountId: string; clientId: string }) => Grant;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
  export default Provider;
}
