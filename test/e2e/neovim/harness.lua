-- Pipewise in Neovim 0.7+ (an LSP client that is not VS Code), headless:
--
--   nvim --headless -n -i NONE -u harness.lua <file>
--
-- Starts `node dist/server.js --stdio` with Neovim's built-in client (0.7 API: start_client +
-- buf_attach_client), pushes settings with workspace/didChangeConfiguration, waits for
-- publishDiagnostics on <file>, asks for code actions at the first diagnostic of
-- PIPEWISE_RULE, applies the one titled PIPEWISE_ACTION (if set), waits for the diagnostics
-- of the edited buffer, writes the buffer and quits. Everything it saw goes to PIPEWISE_OUT
-- (JSON) for the runner to compare with the CLI. Exit code 0 on success, 1 on failure.
--
-- Environment: PIPEWISE_NODE, PIPEWISE_SERVER (dist/server.js), PIPEWISE_ROOT (workspace
-- folder), PIPEWISE_OUT, PIPEWISE_RULE (default PW101), PIPEWISE_ACTION, PIPEWISE_TIMEOUT_MS.

local env = vim.env
local out_path = assert(env.PIPEWISE_OUT, 'PIPEWISE_OUT is not set')
local timeout = tonumber(env.PIPEWISE_TIMEOUT_MS or '') or 20000
local report = { nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch, log = {} }

local function note(message)
  table.insert(report.log, message)
end

local function finish(code)
  local file = io.open(out_path, 'w')
  if file then
    file:write(vim.fn.json_encode(report))
    file:close()
  end
  -- :cquit with a count exits with that code (0.7 has no os.exit-safe alternative).
  vim.cmd((code == 0) and 'qall!' or ('cquit ' .. code))
end

local function fail(message)
  report.error = message
  finish(1)
end

-- A hung server must not hang CI: give up after a bound, whatever is pending.
vim.defer_fn(function()
  fail('harness timed out after ' .. (timeout * 3) .. ' ms')
end, timeout * 3)

local function summarize(diagnostics)
  local list = {}
  for _, d in ipairs(diagnostics or {}) do
    local code = d.code
    if type(code) == 'table' then
      code = code.value
    end
    table.insert(list, {
      code = code,
      line = d.range.start.line + 1,
      character = d.range.start.character,
      severity = d.severity,
      source = d.source,
      message = d.message,
      href = d.codeDescription and d.codeDescription.href or nil,
    })
  end
  table.sort(list, function(a, b)
    if a.line ~= b.line then
      return a.line < b.line
    end
    return tostring(a.code) < tostring(b.code)
  end)
  return list
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(bufnr)
  local uri = vim.uri_from_bufnr(bufnr)
  local root = env.PIPEWISE_ROOT or vim.fn.getcwd()
  local rule = env.PIPEWISE_RULE or 'PW101'
  report.file = path

  -- Every publishDiagnostics for this buffer, in order of arrival.
  local publishes = {}
  local settings = { pipewise = { lintDelayMs = 0 } }

  local client_id = vim.lsp.start_client({
    name = 'pipewise',
    cmd = { env.PIPEWISE_NODE or 'node', assert(env.PIPEWISE_SERVER, 'PIPEWISE_SERVER is not set'), '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
    settings = settings,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        if result and result.uri == uri then
          table.insert(publishes, result)
        end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
      ['window/showMessage'] = function(_, result)
        note('showMessage: ' .. tostring(result and result.message))
      end,
      ['window/logMessage'] = function(_, result)
        note('logMessage: ' .. tostring(result and result.message))
      end,
    },
    on_init = function(client)
      -- Neovim 0.7 answers workspace/configuration from `settings` but does not push them.
      client.notify('workspace/didChangeConfiguration', { settings = settings })
    end,
  })
  if not client_id then
    return fail('vim.lsp.start_client returned nil')
  end
  if not vim.lsp.buf_attach_client(bufnr, client_id) then
    return fail('vim.lsp.buf_attach_client failed')
  end

  if not vim.wait(timeout, function()
    return #publishes > 0
  end, 20) then
    return fail('no publishDiagnostics for ' .. uri .. ' within ' .. timeout .. ' ms')
  end
  -- Cross-file findings follow once the workspace is analysed: wait until the diagnostics settle.
  local seen, quiet_since = #publishes, vim.loop.now()
  vim.wait(timeout, function()
    if #publishes ~= seen then
      seen, quiet_since = #publishes, vim.loop.now()
    end
    return vim.loop.now() - quiet_since >= 1000
  end, 50)
  local client = vim.lsp.get_client_by_id(client_id)

  report.diagnostics = summarize(publishes[#publishes].diagnostics)

  local target
  for _, d in ipairs(publishes[#publishes].diagnostics) do
    local code = type(d.code) == 'table' and d.code.value or d.code
    if code == rule then
      target = d
      break
    end
  end
  local wanted = env.PIPEWISE_ACTION
  if not target then
    if wanted and wanted ~= '' then
      return fail('no ' .. rule .. ' diagnostic to ask code actions for')
    end
    return finish(0)
  end

  local params = {
    textDocument = { uri = uri },
    range = target.range,
    context = { diagnostics = { target }, only = { 'quickfix' } },
  }
  local response = client.request_sync('textDocument/codeAction', params, timeout, bufnr)
  if not response or response.err then
    return fail('textDocument/codeAction failed: ' .. vim.inspect(response and response.err))
  end
  local actions = response.result or {}
  report.actions = {}
  local chosen
  for _, action in ipairs(actions) do
    table.insert(report.actions, { title = action.title, kind = action.kind, isPreferred = action.isPreferred or false })
    if action.title == wanted then
      chosen = action
    end
  end
  if not wanted or wanted == '' then
    return finish(0)
  end
  if not chosen then
    return fail('no code action titled "' .. wanted .. '"')
  end

  if not chosen.edit and not chosen.command then
    local resolved = client.request_sync('codeAction/resolve', chosen, timeout, bufnr)
    if not resolved or resolved.err then
      return fail('codeAction/resolve failed: ' .. vim.inspect(resolved and resolved.err))
    end
    chosen = resolved.result
  end
  local before = #publishes
  if chosen.edit then
    report.editUsesDocumentChanges = chosen.edit.documentChanges ~= nil
    vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
  end
  if chosen.command then
    local command = type(chosen.command) == 'table' and chosen.command or chosen
    local executed = client.request_sync('workspace/executeCommand', { command = command.command, arguments = command.arguments }, timeout, bufnr)
    if not executed or executed.err then
      return fail('workspace/executeCommand failed: ' .. vim.inspect(executed and executed.err))
    end
  end
  report.applied = chosen.title

  -- The edit reaches the server as didChange; wait for the diagnostics of the new text.
  if vim.wait(timeout, function()
    return #publishes > before
  end, 20) then
    report.diagnosticsAfterFix = summarize(publishes[#publishes].diagnostics)
  else
    note('no publishDiagnostics after the fix within ' .. timeout .. ' ms')
  end

  vim.api.nvim_buf_call(bufnr, function()
    vim.cmd('silent write')
  end)
  report.written = true
  vim.lsp.stop_client(client_id)
  vim.wait(2000, function()
    return vim.lsp.get_client_by_id(client_id) == nil
  end, 20)
  return finish(0)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = xpcall(run, debug.traceback)
    if not ok then
      fail(tostring(err))
    end
  end,
})
