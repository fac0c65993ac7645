// DynamoDB scans: `table.scan()` / `client.scan(TableName=…)` read every item of the table on each
// call (a FilterExpression is applied after the read, and pagination only splits the full read).

import type { ArgFact, CallFact } from '../../server/src/engine/python/facts';
import type { PythonFacts } from '../../server/src/engine/python/python-facts';
import { argumentOf, libraryOf, methodOf, receiverOf, roleOf } from '../../server/src/engine/knowledge';
import type { Read } from './read';
import { tableRefOf } from './sqlalchemy';

/** The table a scan reads: `TableName=…`, or the name given to `.Table(…)` in its chain or where its receiver was made. */
function tableArg(call: CallFact, py: PythonFacts): ArgFact | null {
  const keyword = argumentOf(call, { keywords: ['TableName'] });
  if (keyword) return keyword;
  const inChain = py.callsIn(call.start, call.calleeEnd).find((c) => c.start === call.start && methodOf(c.callee) === 'Table');
  if (inChain) return inChain.args[0] ?? null;
  const receiver = receiverOf(call.callee);
  if (!/^[A-Za-z_]\w*$/.test(receiver)) return null;
  const bound = py.lastAssignment(receiver, call.fn, call.start)?.call;
  return bound && methodOf(bound.callee) === 'Table' ? bound.args[0] ?? null : null;
}

export function dynamoReadOf(call: CallFact, py: PythonFacts): Read | null {
  if (roleOf(call, py) !== 'read-table' || libraryOf(call, py)?.id !== 'boto3') return null;
  const arg = tableArg(call, py);
  const name = arg?.string?.value ?? (arg ? 'a DynamoDB table named at run time' : 'a DynamoDB table');
  return { call, kind: 'table', arg, tables: [tableRefOf(name)], label: call.callee, result: call, lazy: false };
}
