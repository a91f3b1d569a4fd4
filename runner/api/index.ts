/**
 * The one module scenarios import, as `#api`. It holds the scenario contract and the helpers that
 * keep scenario bodies short and readable; anything a scenario needs that is not here belongs here
 * (see suites/README.md). Self-tested in test/api.test.ts.
 */
import type { CheckDeclarations, ClientScenario, ServerScenario } from '../engine/scenario.js';

export type { Assertion, CheckDeclarations, Profile, SchemaAccess, ServerPolicy, ServerScenarioContext, TargetProfile } from '../engine/scenario.js';
export type { ClientEnd, ClientLaunch, ClientProfile, ClientRun, ClientScenarioContext, HostedRecords } from '../engine/scenario.js';
export { ADD_NUMBERS, ADD_NUMBERS_MIRRORED, HARNESS_SERVER_INFO, unsupportedVersion, type HostedServerConfig, type InputRequired, type HostedTool, type ToolCallContext } from '../engine/server-answers.js';
export type { HttpRequestRecord } from '../targets/hosted-endpoint.js';
export type { StreamRecord } from '../targets/hosted-http.js';
export { describeMessages, describeRequest, isMessage, methodOf, paramsOf, postedRequests, postsOffEndpoint, eraCached, requestsOf, requireBothEras } from './client.js';
export { META, MODERN_ERRORS, requestMetaOf, type RequestMeta } from '../wire/request-meta.js';
export { base64HeaderValue, decodeHeaderValue, standardHeaders } from '../transports/mcp-headers.js';
export { headerTextOf, mirroredParameters, paramHeaderProblems, valueAt } from '../transports/mcp-param-headers.js';
export { compareRevisions, describeRevision, REVISIONS, type Revision } from '../revisions.js';
export type { SchemaIssue } from '../validation/types.js';
export { probeScenario, type InvalidProbe, type ProbeCheck, type ProbeSpec } from './generated.js';
export { capNote, conforms, describeStop, MAX_ITEMS, MAX_PAGES, objectsIn, paginate, unknownResourceUri, type Pages, type PagesStop } from './features.js';
export type { ClientSide, HttpAccess, InitializeOptions, LegacySseAccess, NoiseLine, ScenarioConnection } from '../engine/connection.js';
export { acceptForm, goodClient, HARNESS_ROOT, SAMPLED_TEXT } from '../engine/client-answers.js';
export {
  blockIssues,
  askedDuring,
  callFixture,
  FIXTURE_TOOLS,
  fixtureGate,
  notificationsIn,
  refusedForCapability,
  requestsIn,
  settled,
  useFixture,
  type FixtureCall,
  type FixtureGate,
} from './fixtures.js';
export type { RequirementId } from '../../requirements/ids.js';
export type { PeerRequestHandler, Reply, Received } from '../wire/session.js';
export type { HttpExchange } from '../transports/streamable-http.js';
export { isResumption } from '../transports/streamable-http.js';
export type { SseEvent, SseStream } from '../transports/sse.js';
export type { RequestId } from '../wire/jsonrpc.js';
export { ErrorCode } from '../wire/jsonrpc.js';
export { describeReply } from '../wire/reply.js';
export { isJsonObject, type JsonObject } from '../util/json.js';
export { equals, errorCode, exchangeEvidence, framesOf, isAnswered, isEmptyResult, isError, isResponse, isResult, responsesIn, resultOf, that } from './assert.js';
export { replyOf, requestOffSchema } from './off-schema.js';
export { ACKNOWLEDGED, CHANGE_NOTIFICATIONS, isChangeNotification, LISTEN, openListen, optedIn, subscriptionIdOf, type Listen, type ListenOpening } from './listen.js';
export { isEmptyAck, isTerminalStatus, MAX_EXT_POLLS, offersTasks, pollTask, TASK_STATUSES, taskHandleOf, taskShapeProblems, tasksGate, withoutTasks, withTasks, type TaskPoll } from './task-handles.js';
export { answersFor, INPUT_REQUIRED_METHODS, inputRequiredOf, retry, tampered, type InputAsked } from './mrtr.js';
export { encodeHeaderValue, errorCodeIn, exchangeOf, hasStatus, metaWithout, metaWithVersion, refusedWith, removedMethods, TASKS_EXTENSION, withAnswer } from './modern.js';
export { mirroredCall, mirroredCalls, otherHeaderValue, paramHeaders, type MirroredCall, type MirroredValue } from './param-headers.js';
export { FOREIGN_HOST, FOREIGN_ORIGIN, originRefused, probeForeignOrigin, type OriginProbes } from './origin.js';
export { challengedAll, challengeOf, describeSearch, findResourceMetadata, forgedToken, is401, MADE_UP_TOKEN, methodWith, namedByServer, noResultIn, postWith, refusedForScope, requireProtected, scopeLimitedToken, served, sessionlessRequest, stepUp, tamperedToken, type Credential, type ForgedClaims, type MetadataSearch, type ScopeRefusal, type StepUp } from './auth.js';
export { bearerChallenge, parseChallenges, type Challenge } from '../auth/challenge.js';
export { sameResource, scopesOf } from '../auth/tokens.js';
export { wellKnownMetadataUrls } from '../auth/resource-metadata.js';
export {
  judgeCodeBinding,
  judgeCodeReuse,
  judgeCimd,
  judgeConsentPage,
  judgeIss,
  judgeMetadata,
  judgePkce,
  judgeRedirectUris,
  judgeRefresh,
  judgeRegistration,
  judgeResponses,
  onAuthorizationServer,
} from './authorization-server.js';
export {
  awaitAnnouncement,
  causeListChange,
  isNotification,
  LIST_CHANGES,
  openNotificationRoute,
  quietAfter,
  type Announced,
  type ListChange,
  type ListSpec,
  type NotificationRoute,
  type Quiet,
} from './notifications.js';
export { ANY_REDIRECT, asWellKnownPaths, AUTH_TAG, authorizedRun, bearerJudged, challengePrmJudged, dcrJudged, judge, ownTokensJudged, pkceJudged, redirectJudged, registeredRedirectJudged, CIMD_URL, describeAsRequest, describeAuthRequest, endOf, hasBearer, issResponseJudged, param, PRE_REGISTERED, PRM_PATHS, prmRequests, prmUrlAt, s256, tokenEndpointAuthJudged, tokenInQuery, type AuthLaunch, type AuthRun, type Judged, type PrmLocation, type ScopeNeed } from './auth-client.js';
export { belongsTo, definesCapability, MAX_READ_BYTES, MAX_READS, mediaType, resourcesToRead, templateVariables } from './contents.js';
/**
 * The schema's types (of the newest stateful revision, whose shapes include the older ones), for
 * naming what a scenario sends or reads once the frame validated. Data from a target stays
 * `unknown` until checked: never cast a raw reply to these.
 */
export type * as Schema from '../../schemas/2025-11-25/types.js';

/**
 * Declares a server scenario: metadata first (title, role, checks, ...), then a straight-line body.
 * `checks` maps each check id to the requirement it enforces; `t.check(id, ...)` then only accepts
 * declared ids, and a requirement id that is not in any catalogue fails typecheck.
 */
export function scenario<const C extends CheckDeclarations>(definition: ServerScenario<C>): ServerScenario<C> {
  return definition;
}

/** Declares a client scenario (the harness plays the server): metadata first, then a straight-line body. */
export function clientScenario<const C extends CheckDeclarations>(definition: ClientScenario<C>): ClientScenario<C> {
  return definition;
}

/** Milliseconds a scenario waits to be sure something does NOT arrive (a response to a notification, ...). */
export const QUIET_MS = 500;

/** A protocol version no server supports, for negotiation probes. */
export const UNKNOWN_VERSION = '1999-01-01';
export { invalidArguments, validArguments } from './tool-args.js';
export {
  badToolName,
  callableTools,
  compileJsonSchema,
  schemaProblem,
  duplicateNames,
  isReadOnly,
  listTools,
  MAX_CONSENTED_CALLS,
  MAX_READ_ONLY_CALLS,
  needsNoArguments,
  SAMPLE_CALL_BUDGET_MS,
  sampleToolCall,
  type SampledCall,
  type CompiledSchema,
  structuredAsText,
  type ToolCall,
  uncompilableSchemas,
} from './tools.js';
export {
  awaitTerminal,
  badTimestamps,
  createdTask,
  declaresTaskToolCalls,
  illegalTransitions,
  isIso8601,
  isTerminal,
  MAX_TASK_POLLS,
  RELATED_TASK,
  relatedTaskOf,
  statusesOf,
  statusNotifications,
  taskCallables,
  taskSupportOf,
  TERMINAL_STATUSES,
  withoutMeta,
  type TaskSighting,
  type TaskSupport,
  type TaskWait,
  watchTask,
} from './tasks.js';
export { busyRequest, duplicateEventIds, eventIds, messageKey, messagesOnTwoStreams, postedRequestId, responseId, streamChains, type BusyRequest, type StreamChain } from './sse.js';
