# SYNTAX TEST "source.python" "SQL in the first argument of execute, executemany, read_sql, read_sql_query, text, query, spark.sql and mogrify"
cur.execute("SELECT id FROM orders WHERE id = %s", (order_id,))
#   ^^^^^^^ meta.function-call.python meta.function-call.generic.python
#          ^ meta.function-call.python punctuation.definition.arguments.begin.python
#           ^ string.quoted.single.python punctuation.definition.string.begin.python - meta.embedded.sql
#            ^^^^^^ string.quoted.single.python meta.sql-string.python meta.embedded.sql keyword.other.DML.sql
#                  ^^^^ meta.embedded.sql - keyword
#                      ^^^^ meta.embedded.sql keyword.other.DML.sql
#                                  ^^^^^ meta.embedded.sql keyword.other.DML.sql
#                                             ^^ meta.embedded.sql constant.character.format.placeholder.other.python
#                                               ^ string.quoted.single.python punctuation.definition.string.end.python - meta.embedded.sql
#                                                   ^^^^^^^^ meta.function-call.python - string meta.embedded.sql
#                                                            ^^ meta.function-call.python - meta.embedded.sql
cur.executemany('INSERT INTO t (a) VALUES (%s)', rows)
#               ^^^^^^^^^^^^ string.quoted.single.python
#                ^^^^^^^^^^^ meta.embedded.sql keyword.other.DML.sql
#                                  ^^^^^^ meta.embedded.sql keyword.other.DML.II.sql
#                                                ^^^^ meta.function-call.python - meta.embedded.sql
frame = pd.read_sql_query(sql="SELECT 1", con=conn)
#                         ^^^ variable.parameter.function-call.python
#                              ^^^^^^ meta.embedded.sql keyword.other.DML.sql
#                                     ^ meta.embedded.sql constant.numeric.sql
#                                         ^^^ variable.parameter.function-call.python - meta.embedded.sql
orders = pd.read_sql("select * from orders", conn)
#                     ^^^^^^ meta.embedded.sql keyword.other.DML.sql
#                              ^^^^ meta.embedded.sql keyword.other.DML.sql
stmt = text("select id from users where name = :name")
#      ^^^^ meta.function-call.generic.python
#            ^^^^^^ meta.embedded.sql keyword.other.DML.sql
#                                 ^^^^^ meta.embedded.sql keyword.other.DML.sql
job = client.query(
    """
#   ^^^ string.quoted.multi.python punctuation.definition.string.begin.python - meta.embedded.sql
    MERGE INTO dim d USING stg s ON d.id = s.id
#   ^^^^^ string.quoted.multi.python meta.embedded.sql keyword.other.sql
#                    ^^^^^ meta.embedded.sql keyword.other.sql
    """
#   ^^^ string.quoted.multi.python punctuation.definition.string.end.python - meta.embedded.sql
)
# <- meta.function-call.python punctuation.definition.arguments.end.python
events = spark.sql("SELECT count(*) FROM events")
#              ^^^ meta.function-call.generic.python
#                   ^^^^^^ meta.embedded.sql keyword.other.DML.sql
sql = cur.mogrify(u"DELETE FROM t WHERE id = %(id)s", {"id": 1})
#                 ^ storage.type.string.python
#                   ^^^^^^ meta.embedded.sql keyword.other.DML.sql
#                                            ^^^^^^ meta.embedded.sql constant.character.format.placeholder.other.python
#                                                      ^^^^ string.quoted.single.python - meta.embedded.sql
cur.execute(query, params)
#           ^^^^^ meta.function-call.python - meta.embedded.sql
cur.execute("SELECT 1", ("not sql here",))
#                         ^^^^^^^^^^^^ string.quoted.single.python - meta.embedded.sql
def execute(self, sql):
#   ^^^^^^^ meta.function.python entity.name.function.python
    return self.run(sql)
#               ^^^ meta.function-call.generic.python
