import { WorkspaceModel } from '../../server/src/engine/workspace/model';
import { sharedEngine } from './rule-tester';

/** A workspace model of `/ws` holding exactly these files, each analysed by the shared engine. */
export async function modelWith(files: Record<string, string>): Promise<WorkspaceModel> {
  const engine = await sharedEngine();
  const model = new WorkspaceModel('/ws');
  model.setFiles(Object.keys(files));
  for (const [file, text] of Object.entries(files)) model.updateDocument(engine.analyze(file, text)!);
  return model;
}
