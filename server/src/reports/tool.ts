// The tool's identity as reports state it (SARIF driver, `--version`).

import { version } from '../../../package.json';

export const TOOL_NAME = 'Pipewise';
export const TOOL_VERSION: string = version;
