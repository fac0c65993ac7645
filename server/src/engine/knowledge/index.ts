// The pipeline-library model: one catalogue of what pipeline libraries' calls do, queried by every
// rule as engine facts. Adding a library is one entry in libraries/ plus cases in
// test/engine/knowledge.test.ts. See docs/architecture.md ("Library knowledge").

export type { ArgSpec, CallEntry, CallRole, CallSite, IoKind, Library, ParamStyle, SourcedFact, SqlCallKind, SqlDialect } from './types';
export { argumentOf, callSiteOf, firstStringArgument, isRemotePath, lastSegment, methodOf, receiverOf, rootOf } from './call-site';
export { LIBRARIES, catalogueNames, entriesOf, knowledgeOf, libraryOfModule } from './catalogue';
export { classifyIo, defaultRetryOf, ioOf, isRemoteIo, isSparkIo, libraryOf, resolvedCallee, roleOf, writesData, type IoFact } from './io';
export { connectionLibrary, engineUrlDriver, importedDrivers, paramStyleOf, sqlCallOf, sqlDialectOf, type SqlCall } from './sql-calls';
export { annotatedFrameParam, bindingOf, FRAME_ATTRIBUTE_NAME, FRAME_NAME, isDataFrameCall, isDataFrameExpression, isFrameByFlow, isFrameName, returnsFrame, SPARK_ORIGIN } from './frames';
export { broadErrorLibrary, isBroadHandler, isBuiltinBroadException } from './exceptions';
export { ORCHESTRATED_RETRY, ORCHESTRATOR_MODULES, RETRY_LIBRARIES, RETRY_NAME, TASK_RETRY_KEYWORDS } from './orchestration';
export { COPY_METHODS, DB_RECEIVER, DRIVER_ROOTS, EXECUTE_METHODS, FETCH_METHODS, RESULT_READ_METHODS, SQL_KEYWORDS } from './libraries/db-drivers';
export { HOOK_ROW_READS } from './libraries/orchestrators';
export { COERCING_CONVERTERS, FILE_READERS, FILE_WRITERS, FRAME_ATTRIBUTES, FRAME_KEEPING_METHODS, FRAME_METHODS, NULL_TEST_FUNCTIONS, NULL_TEST_METHODS, ROW_PRESERVING_METHODS, SQL_READERS, STATISTIC_METHODS } from './libraries/pandas';
export { HTTP_METHODS } from './libraries/http';
export { SPARK_FRAME_SOURCE, SPARK_TABLE_SINKS, SPARK_TEMP_VIEW_METHODS, sparkFormat } from './libraries/spark';
export { ORM_SESSION, QUERY_NARROWING_METHODS, QUERY_ROW_METHODS } from './libraries/sqlalchemy';
export { AIRFLOW_CONTEXT_KEYS, entryKindOf, inputOfCall, inputOfName, parsesArgument, type EntryKind, type InputKind } from './inputs';
