# SYNTAX TEST "source.python" "f-strings: interpolations stay Python, the rest is SQL"
df = pd.read_sql(f"SELECT * FROM {table} WHERE d > '{day}'", conn)
#                ^ storage.type.string.python
#                  ^^^^^^ string.interpolated.python meta.embedded.sql keyword.other.DML.sql
#                                ^ meta.embedded.sql meta.fstring.python constant.character.format.placeholder.other.python
#                                 ^^^^^ meta.fstring.python - keyword
#                                      ^ meta.fstring.python constant.character.format.placeholder.other.python
#                                        ^^^^^ meta.embedded.sql keyword.other.DML.sql - meta.fstring.python
#                                                  ^^^^^^^ meta.embedded.sql string.quoted.single.sql
#                                                    ^^^ string.quoted.single.sql meta.fstring.python
#                                                         ^^ - meta.embedded.sql
#                                                            ^^^^ - meta.embedded.sql string
spark.sql(rf'SELECT * FROM {db}.events WHERE path LIKE "a\b"')
#         ^^ storage.type.string.python
#                           ^^ meta.fstring.python
#                              ^^^^^^^ meta.embedded.sql - meta.fstring.python
#                                                      ^^^^^ meta.embedded.sql string.quoted.double.sql
engine.execute(f"""
    SELECT {{literal}}, {col!r}, {helper(x)}
#          ^^ meta.embedded.sql constant.character.escape.python
#            ^^^^^^^ meta.embedded.sql - meta.fstring.python
#                        ^^^ meta.fstring.python
#                           ^^ meta.fstring.python storage.type.format.python
#                                 ^^^^^^ meta.fstring.python meta.function-call.generic.python
    FROM {schema}.orders
#   ^^^^ meta.embedded.sql keyword.other.DML.sql
#         ^^^^^^ meta.fstring.python
""")
# <--- string.interpolated.python punctuation.definition.string.end.python
after = "plain"
#        ^^^^^ string.quoted.single.python - meta.embedded.sql
