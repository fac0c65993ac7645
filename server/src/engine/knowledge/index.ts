// The pipeline-library model: one catalogue of what pipeline libraries' calls do, queried by every
// rule as engine facts. Adding a library is one entry in libraries/ plus cases in
// test/engine/knowledge.test.ts. See docs/architecture.md ("Library knowledge").

export type { ArgSpec, CallEntry, CallRole, CallSite, IoKind, Library, ParamStyle, SourcedFact, SqlCallKind, WriteEffect, WriteModeSpec } from './types';
export { argumentOf, callSiteOf, firstStringArgument, isRemotePath, lastSegment, methodOf, receiverOf, rootOf } from './call-site';
export { LIBRARIES, catalogueNames, entriesOf, knowledgeOf, libraryOfModule } from './catalogue';
export { classifyIo, defaultRetryOf, ioOf, isRemoteIo, isSparkIo, libraryOf, resolvedCallee, roleOf, type IoFact } from './io';
export { paramStyleOf, sqlCallOf, type SqlCall } from './sql-calls';
export { annotatedFrameParam, bindingOf, FRAME_ATTRIBUTE_NAME, FRAME_NAME, isDataFrameCall, isDataFrameExpression, isFrameByFlow, isFrameName, returnsFrame, SPARK_ORIGIN } from './frames';
export { broadErrorLibrary, isBroadHandler, isBuiltinBroadException, isIntegrityError } from './exceptions';
export { effectOfValue, writeModeOf, type WriteMode } from './writes';
export { upsertSyntaxOfCall, upsertSyntaxOfName, upsertSyntaxOfUrl, type UpsertSyntax } from './dialects';
export { ORCHESTRATED_RETRY, ORCHESTRATOR_MODULES, RETRY_LIBRARIES, RETRY_NAME, TASK_RETRY_KEYWORDS } from './orchestration';
export { COPY_METHODS, DB_RECEIVER, DRIVER_ROOTS, EXECUTE_METHODS, FETCH_METHODS, SQL_KEYWORDS } from './libraries/db-drivers';
export { COERCING_CONVERTERS, FILE_READERS, FILE_WRITERS, FRAME_ATTRIBUTES, FRAME_KEEPING_METHODS, FRAME_METHODS, NULL_TEST_FUNCTIONS, NULL_TEST_METHODS, ROW_PRESERVING_METHODS, SQL_READERS, STATISTIC_METHODS } from './libraries/pandas';
export { HTTP_METHODS } from './libraries/http';
export { SPARK_FRAME_SOURCE, SPARK_TABLE_SINKS, sparkFormat } from './libraries/spark';
