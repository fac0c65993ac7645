// The pipeline-library model: one catalogue of what pipeline libraries' calls do, queried by every
// rule as engine facts. Adding a library is one entry in libraries/ plus cases in
// test/engine/knowledge.test.ts. See docs/architecture.md ("Library knowledge").

export type { ApiQuerySpec, ArgSpec, CallEntry, CallRole, CallSite, IoKind, Library, ParamStyle, SourcedFact, SqlCallKind, SqlDialect, WriteEffect, WriteModeSpec } from './types';
export { argumentOf, callSiteOf, firstStringArgument, isRemotePath, lastSegment, methodOf, receiverOf, remotePathKind, rootOf } from './call-site';
export { LIBRARIES, catalogueNames, entriesOf, knowledgeOf, libraryOfModule } from './catalogue';
export { apiQueryOf, type ApiQuery } from './api-queries';
export { classifyIo, defaultRetryOf, ioOf, isRemoteIo, isSparkIo, libraryOf, onlyInProcessDatabases, resolvedCallee, roleOf, SESSION_STATEMENT_ROLES, writesData, type IoFact } from './io';
export { connectionLibrary, engineUrlDriver, importedDrivers, paramStyleOf, sqlCallOf, sqlDialectOf, type SqlCall } from './sql-calls';
export { concatenatesColumns } from './frames';
export { annotatedFrameParam, bindingOf, FRAME_ATTRIBUTE_NAME, FRAME_NAME, isDataFrameCall, isDataFrameExpression, isFrameByFlow, isFrameName, returnsFrame, SPARK_ORIGIN } from './frames';
export { isIoNamedHelper, isWritingHelper } from './helper-names';
export { looksUpMetadata, readsOnly, removesObject, runsChangingSql } from './io-direction';
export { APP_FRAMEWORKS, appKindOf, type AppKind } from './apps';
export { broadErrorLibrary, isBroadHandler, isBuiltinBroadException, isIntegrityError } from './exceptions';
export { effectOfValue, writeModeOf, type WriteMode } from './writes';
export { upsertSyntaxOfCall, upsertSyntaxOfName, upsertSyntaxOfUrl, type UpsertSyntax } from './dialects';
export { CHECK_RESULT_CLASSES, DYNAMIC_CODE_LOADERS, recordsDagsterRunMetadata, isDagsterDefinitions, isDagsterTickDecorator, isDeclarativePipelineDecorator, isSensorDecorator, AIRFLOW_CALLABLE_OPERATORS, AIRFLOW_LOCAL_OPERATORS, AIRFLOW_SHELL_OPERATORS, IN_PROCESS_BUILTINS, IN_PROCESS_MODULES, isInProcessModuleCall, LOCAL_SHELL_COMMANDS, PRINTS_KEPT_BY, POLL_WAIT, SERVICE_MAIN_LOOP, BEAM_BUNDLE_RETRIES, BEAM_ELEMENT_TRANSFORM, CLIENT_RETRY_SETTINGS, clientRetrySettingOf, INTERACTIVE_APP_MODULES, isAirflowTaskClassMethod, isOrchestratorTaskDecorator, isPrefectFlowDecorator, isPrefectTaskDecorator, isStepDecorator, logPrintsSetting, MOUNT_METHOD, NO_RETRIES, ORCHESTRATED_RETRY, ORCHESTRATOR_MODULES, RETRY_LIBRARIES, RETRY_NAME, TASK_RETRY_KEYWORDS, WEB_APP_FACTORIES, type ClientRetrySetting } from './orchestration';
export { COPY_METHODS, DB_RECEIVER, DRIVER_ROOTS, EXECUTE_METHODS, FETCH_METHODS, RESULT_READ_METHODS, SINGLE_RESULT_METHODS, SQL_KEYWORDS } from './libraries/db-drivers';
export { HOOK_ROW_READS } from './libraries/orchestrators';
export { dropsMalformedRows, REJECTED_ROWS_RESULT_SOURCE, returnsRejectedRows, type MalformedRowsDrop } from './rows';
export { connectsLazily, CSV_READERS, FILE_LISTINGS, isBulkCall, isRowResultExpression, listsFiles, ROW_ITERATORS, ROW_RESULT_METHODS, runsInProcess, yieldsRows } from './rows';
export { isRequestHandler } from './web';
export { answersHttp, ASYNC_LAMBDA_RETRIES, platformEntryOf, runsOnDatabricks, type PlatformEntry } from './platform-entry';
export { isPresentationCall, PRESENTATION_MODULES } from './presentation';
export { sendsNotification } from './notifications';
export { startsUnawaitedJob } from './jobs';
export { COERCING_CONVERTERS, FILE_READERS, FILE_WRITERS, FRAME_ATTRIBUTES, FRAME_KEEPING_METHODS, FRAME_METHODS, NULL_TEST_FUNCTIONS, NULL_TEST_METHODS, ROW_PRESERVING_METHODS, SQL_READERS, STATISTIC_METHODS } from './libraries/pandas';
export { AGGREGATION_METHODS, APPLY_METHODS, REDUCTION_METHODS, ROW_ITERATION_METHODS, ROW_VALUE_METHODS, STATISTIC_ATTRIBUTES } from './libraries/pandas';
export { HTTP_CLIENTS, HTTP_METHODS, REQUESTS_TIMEOUT_SOURCE } from './libraries/http';
export { httpClientOfFunction, httpClientOfSession, importsHttpClient, mayBeHttpCall, type HttpClient } from './http-requests';
export { SPARK_FRAME_SOURCE, SPARK_TABLE_SINKS, SPARK_TEMP_VIEW_METHODS, sparkFormat } from './libraries/spark';
export { DELTA_TABLE_HANDLES, isStreamingRead } from './libraries/spark';
export { ORM_SESSION, ORM_SESSION_WRITES, QUERY_NARROWING_METHODS, QUERY_ROW_METHODS } from './libraries/sqlalchemy';
export { AIRFLOW_CONTEXT_KEYS, entryKindOf, inputOfCall, inputOfName, parsesArgument, type EntryKind, type InputKind } from './inputs';
export { credentialServiceOf, handsToLibrary, isEnvironmentRead, isLiteralWrapper, isNamedOptionSetter } from './credentials';
export { isSparkWriterChain, SPARK_CAST_FUNCTIONS, SPARK_DRIVER_ROW_METHODS, SPARK_NULL_TEST_METHODS } from './libraries/spark';
export { GLUE_BOOKMARK_ENABLED, isGlueJobCommit, isGlueSourceRead } from './libraries/spark';
