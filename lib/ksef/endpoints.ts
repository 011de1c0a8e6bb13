/**
 * KSeF endpoints as types, derived from the generated OpenAPI contract (generated/openapi.d.ts), the
 * way octokit derives its `Endpoints`: a request's path must be a path of the contract, its method
 * one the contract defines there, its path parameters the template's, and its response type follows
 * from the pair. Responses the client relies on are parsed at run time (responses.ts); the others are
 * typed from the contract and trusted.
 */
import type { paths } from './generated/openapi';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type KsefPath = keyof paths;

/** The contract's operation for this path and method (never if it defines none). */
export type Operation<P extends KsefPath, M extends HttpMethod> = Exclude<paths[P][Lowercase<M>], undefined>;

/** Methods the contract defines for this path. */
export type MethodOf<P extends KsefPath> = { [M in HttpMethod]: [Operation<P, M>] extends [never] ? never : M }[HttpMethod];

/** `"GET /sessions/{referenceNumber}"`: the key responses.ts registers parsers under. */
export type Endpoint = { [P in KsefPath]: `${MethodOf<P>} ${P}` }[KsefPath];

export type PathParams<O> = O extends { parameters: { path: infer X } } ? X : never;

type Success = 200 | 201 | 202 | 204;

/** The JSON body of the operation's success answer, as the contract describes it. */
export type ContractBody<O> = O extends { responses: infer R } ? { [S in keyof R & Success]: R[S] extends { content: { 'application/json': infer B } } ? B : never }[keyof R & Success] : never;

/** The contract's JSON body for an endpoint key. */
export type ContractBodyOf<E extends Endpoint> = E extends `${infer M extends HttpMethod} ${infer P extends KsefPath}` ? ContractBody<Operation<P, M>> : never;
