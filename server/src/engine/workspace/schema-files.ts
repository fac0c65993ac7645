// Files that declare schemas or their versions: migrations (Alembic, Flyway, Liquibase, dbt, Rails),
// DDL folders, Avro/protobuf/JSON Schema definitions.

const SCHEMA_FILE = /(^|\/)(migrations|alembic|flyway|liquibase|schemas?|ddl|db\/migrate)\/|\.(avsc|proto)$|\.schema\.json$|(^|\/|_)schema\.(ya?ml|json|sql)$|(^|\/)alembic\.ini$|(^|\/)V\d+(_\d+)*__\w+\.sql$/i;

/** Whether a (POSIX or native) path names a schema or migration file. */
export function isSchemaFile(filePath: string): boolean {
  return SCHEMA_FILE.test(filePath.replace(/\\/g, '/'));
}
