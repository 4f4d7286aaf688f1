-- End-to-end test of copydesk in a real Neovim, run headless:
--
--   COPYDESK_BIN=/path/to/copydesk \
--     nvim --headless --clean -u NONE -c "luafile editors/nvim/test/e2e.lua"
--
-- Written for Debian's Neovim 0.7.2 (push diagnostics, UTF-16 positions, byte columns in the
-- diagnostics a code action request carries); it also runs on 0.11 and later (pull
-- diagnostics, UTF-8 positions offered), so one script covers both kinds of client.
-- It sets the client up with the README snippet for the running version (editors/nvim/
-- README.md: the 0.7 snippet before 0.11, the vim.lsp.config one from 0.11; read from the
-- README, so the published snippet is the one tested), or with require('copydesk').setup()
-- when COPYDESK_E2E_SETUP=module. Then, on a copy of the draft in a temporary folder:
--   1. the server starts and attaches to the Markdown buffer;
--   2. diagnostics arrive with the rule names as codes (web-boilerplate on the line
--      `Advertisement`, doubled-word on `the the`), each once;
--   3. the doubled-word quick fix, asked for and applied the way vim.lsp.buf.code_action()
--      does, removes the repeat and the finding;
--   4. the source.fixAll.copydesk action turns the buffer into the expected fixed text, which
--      is also what `copydesk check --fix` writes, and the diagnostics clear;
--   5. hover on "Moscow" returns a card that names it;
--   6. a .txt draft is checked by the same client;
--   7. the server sent no error message;
--   8. shutdown and exit end the server with code 0.
-- Environment: COPYDESK_BIN (required), COPYDESK_DRAFT and COPYDESK_EXPECTED (a Markdown draft
-- with the same three features and its fixed text; default: test/fixtures/draft.md and
-- draft.fixed.md), COPYDESK_E2E_SETUP (snippet | module), COPYDESK_E2E_LOG=1 (debug LSP log),
-- COPYDESK_E2E_KEEP=1 (keep the temporary folder).
-- Prints one line per step and `nvim e2e: N passed, N failed`; exits 0 only when all pass.

local TIMEOUT_START = 20000 -- ms: server start and first diagnostics
local TIMEOUT = 10000 -- ms: any later request or re-check
local FIX_ALL = 'source.fixAll.copydesk'

local uv = vim.uv or vim.loop
local modern = vim.fn.has('nvim-0.11') == 1 -- vim.lsp.config / vim.lsp.enable, pull diagnostics

local script_dir = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local nvim_dir = vim.fn.fnamemodify(script_dir, ':h')

local passed, failed = 0, 0
local work -- the temporary folder of this run, removed at the end
local current_step = '(set-up)'

local function say(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

-- A failed check raises a table so that it can be told apart from a Lua error in this script.
local function fail(message)
  error({ e2e = message }, 0)
end

local function check(condition, message)
  if not condition then
    fail(message)
  end
  return condition
end

local function step(name, fn)
  current_step = name
  fn()
  passed = passed + 1
  say(('ok %d - %s'):format(passed, name))
end

local function read_file(path)
  local f = io.open(path, 'rb')
  check(f ~= nil, 'cannot read ' .. path)
  local text = f:read('*a')
  f:close()
  return text
end

local function write_file(path, text)
  local f = io.open(path, 'wb')
  check(f ~= nil, 'cannot write ' .. path)
  f:write(text)
  f:close()
end

local function buffer_text(bufnr)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local text = table.concat(lines, '\n')
  if vim.bo[bufnr].eol then
    text = text .. '\n'
  end
  return text
end

-- Shows where two texts first differ, for failure messages.
local function first_difference(got, want)
  local i = 1
  while i <= #got and i <= #want and got:sub(i, i) == want:sub(i, i) do
    i = i + 1
  end
  local function around(s)
    return vim.inspect(s:sub(math.max(1, i - 30), i + 30))
  end
  return ('first difference at byte %d: got %s, want %s'):format(i, around(got), around(want))
end

-- Finds `needle` (plain) in the buffer: 0-based line and byte column, or nil.
local function find_in_buffer(bufnr, needle)
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return lnum - 1, col - 1
    end
  end
  return nil
end

local function diagnostics_with_code(bufnr, code)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then
      table.insert(found, d)
    end
  end
  return found
end

local function describe_diagnostics(bufnr)
  local parts = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(parts, ('%s@%d:%d-%d:%d %q'):format(tostring(d.code), d.lnum, d.col, d.end_lnum, d.end_col, d.message))
  end
  return '[' .. table.concat(parts, ', ') .. ']'
end

-- What the server did: exit codes (client id → {code, signal}) and window/showMessage calls.
local exits = {}
local shown_messages = {}

local function record_exit(code, signal, client_id)
  exits[client_id] = { code = code, signal = signal }
end

-- Before 0.11 every set-up goes through vim.lsp.start_client (0.8-0.10's vim.lsp.start calls
-- it too): wrap it so that the test learns how the server exited. From 0.11 the test adds an
-- on_exit to the 'copydesk' config instead (see main).
if not modern then
  local original_start_client = vim.lsp.start_client
  vim.lsp.start_client = function(config)
    local user_on_exit = config.on_exit
    config.on_exit = function(code, signal, client_id)
      record_exit(code, signal, client_id)
      if user_on_exit then
        user_on_exit(code, signal, client_id)
      end
    end
    return original_start_client(config)
  end
end

local original_show_message = vim.lsp.handlers['window/showMessage']
vim.lsp.handlers['window/showMessage'] = function(err, result, ctx, config)
  table.insert(shown_messages, result)
  return original_show_message(err, result, ctx, config)
end

-- Sends a request to the buffer's copydesk client and waits for the answer.
-- Returns the result (may be nil: the LSP `null`).
local function request(bufnr, method, params, timeout)
  local results, reason = vim.lsp.buf_request_sync(bufnr, method, params, timeout or TIMEOUT)
  check(results ~= nil, method .. ': no answer from the server (' .. tostring(reason) .. ')')
  local _, answer = next(results)
  check(answer ~= nil, method .. ': no client answered')
  local err = answer.err or answer.error -- `error` before 0.10
  check(err == nil, method .. ': server error ' .. vim.inspect(err))
  return answer.result
end

local function copydesk_client(bufnr)
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr }) or vim.lsp.buf_get_clients(bufnr)
  for _, client in pairs(clients) do
    if client.name == 'copydesk' then
      return client
    end
  end
  return nil
end

local function all_clients()
  return vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
end

-- The diagnostics of `bufnr`'s line `lnum` as LSP diagnostics, the way the running Neovim's
-- vim.lsp.buf.code_action() sends them: 0.7 rebuilds them from vim diagnostics (byte
-- columns); 0.10 and later send the server's own diagnostics back.
local function line_diagnostics_for_request(bufnr, lnum)
  if vim.lsp.diagnostic.get_line_diagnostics and vim.fn.has('nvim-0.10') == 0 then
    return vim.lsp.diagnostic.get_line_diagnostics(bufnr, lnum)
  end
  local result = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = lnum })) do
    if d.user_data and d.user_data.lsp then
      table.insert(result, d.user_data.lsp)
    end
  end
  return result
end

-- The hover contents as plain text (MarkupContent, MarkedString or a list of MarkedString).
local function hover_text(contents)
  if type(contents) == 'string' then
    return contents
  end
  if contents.value ~= nil then
    return contents.value
  end
  local parts = {}
  for _, part in ipairs(contents) do
    table.insert(parts, hover_text(part))
  end
  return table.concat(parts, '\n')
end

-- Applies a code action or command the way 0.7.2's vim.lsp.buf.code_action() does: resolve
-- when it has no edit and the server resolves, apply the edit, then run the command.
local function apply_action(client, bufnr, action)
  local is_command = type(action.command) == 'string'
  local provider = client.server_capabilities.codeActionProvider
  if not is_command and action.edit == nil and type(provider) == 'table' and provider.resolveProvider then
    action = request(bufnr, 'codeAction/resolve', action)
    check(action ~= nil, 'codeAction/resolve returned null')
  end
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  local command = is_command and action or action.command
  if type(command) == 'table' then
    request(bufnr, 'workspace/executeCommand', { command = command.command, arguments = command.arguments })
  end
  check(action.edit ~= nil or command ~= nil, 'the code action has neither an edit nor a command: ' .. vim.inspect(action))
end

-- Length of `line` in code units of `encoding`.
local function line_length(line, encoding)
  if encoding == 'utf-8' then
    return #line
  end
  local utf32, utf16 = vim.str_utfindex(line) -- 0.7's form; only reached before 0.11 here
  if encoding == 'utf-16' then
    return utf16
  end
  return utf32
end

local function main()
  if os.getenv('COPYDESK_E2E_LOG') then
    vim.lsp.set_log_level('debug')
  end
  vim.cmd('filetype on')

  local bin = os.getenv('COPYDESK_BIN')
  check(bin ~= nil and bin ~= '', 'set COPYDESK_BIN to the copydesk binary')
  bin = vim.fn.fnamemodify(bin, ':p')
  check(vim.fn.executable(bin) == 1, 'COPYDESK_BIN is not an executable: ' .. bin)
  local draft_source = os.getenv('COPYDESK_DRAFT') or (script_dir .. '/fixtures/draft.md')
  local expected_source = os.getenv('COPYDESK_EXPECTED') or (script_dir .. '/fixtures/draft.fixed.md')
  local original = read_file(draft_source)
  local expected = read_file(expected_source)

  -- A folder of our own: no copydesk.toml or .git above the drafts, so the defaults apply and
  -- the draft's folder is the root.
  work = vim.fn.tempname()
  vim.fn.mkdir(work .. '/bin', 'p')
  vim.fn.mkdir(work .. '/drafts', 'p')
  vim.fn.mkdir(work .. '/cli', 'p')
  local draft = work .. '/drafts/draft.md'
  local text_draft = work .. '/drafts/draft.txt'
  write_file(draft, original)
  write_file(text_draft, read_file(script_dir .. '/fixtures/draft.txt'))
  -- The README snippet runs `copydesk` from PATH.
  check(uv.fs_symlink(bin, work .. '/bin/copydesk'), 'cannot link the binary into ' .. work)
  vim.env.PATH = work .. '/bin:' .. (vim.env.PATH or '')

  local setup = os.getenv('COPYDESK_E2E_SETUP') or 'snippet'
  if setup == 'module' then
    vim.opt.runtimepath:prepend(nvim_dir)
    require('copydesk').setup({ cmd = { bin, 'lsp' } })
  else
    check(setup == 'snippet', 'COPYDESK_E2E_SETUP must be snippet or module, not ' .. setup)
    local which = modern and 'nvim%-0%.11' or 'nvim%-0%.7'
    local readme = read_file(nvim_dir .. '/README.md')
    local snippet = readme:match('<!%-%- BEGIN ' .. which .. ' snippet.-%-%->%s*```lua\n(.-)```%s*<!%-%- END ' .. which .. ' snippet')
    check(snippet ~= nil, 'README.md has no marked ' .. which:gsub('%%', '') .. ' snippet')
    local chunk, err = (loadstring or load)(snippet, '=README.md snippet')
    check(chunk ~= nil, 'the README snippet does not compile: ' .. tostring(err))
    chunk()
    setup = 'snippet (' .. which:gsub('%%', '') .. ')'
  end
  if modern then
    vim.lsp.config('copydesk', { on_exit = record_exit })
  end
  say(('# Neovim %s, set-up: %s, server: %s'):format(tostring(vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch), setup, bin))

  vim.cmd('edit ' .. vim.fn.fnameescape(draft))
  local bufnr = vim.api.nvim_get_current_buf()
  local client

  step('the server starts and attaches to the Markdown draft', function()
    check(vim.bo[bufnr].filetype == 'markdown', 'filetype is ' .. vim.bo[bufnr].filetype)
    local ok = vim.wait(TIMEOUT_START, function()
      client = copydesk_client(bufnr)
      return (client ~= nil and client.initialized) or next(exits) ~= nil
    end, 20)
    local id, exit = next(exits)
    check(exit == nil, ('the server (client %s) exited with code %s before it was up'):format(tostring(id), tostring(exit and exit.code)))
    check(ok, 'no initialized copydesk client attached to the buffer')
    -- DESIGN.md §3: utf-8 when the client offers it (0.11+ does), else utf-16 (0.7 offers
    -- nothing, which means utf-16).
    local want_encoding = modern and 'utf-8' or 'utf-16'
    check(client.offset_encoding == want_encoding, ('position encoding %s, want %s'):format(tostring(client.offset_encoding), want_encoding))
  end)

  local boilerplate_line = find_in_buffer(bufnr, 'Advertisement')
  local doubled_line, doubled_col = find_in_buffer(bufnr, 'the the')
  check(boilerplate_line ~= nil and doubled_line ~= nil, 'the draft lacks a line `Advertisement` or a `the the`')

  step('diagnostics arrive: web-boilerplate and doubled-word, each once, where they belong', function()
    local ok = vim.wait(TIMEOUT_START, function()
      return #diagnostics_with_code(bufnr, 'web-boilerplate') > 0 and #diagnostics_with_code(bufnr, 'doubled-word') > 0
    end, 20)
    check(ok, 'expected web-boilerplate and doubled-word, got ' .. describe_diagnostics(bufnr))
    -- Give a duplicate (push and pull both, or a second publish) time to show up.
    vim.wait(300, function()
      return false
    end, 20)
    local boilerplate = diagnostics_with_code(bufnr, 'web-boilerplate')
    local doubled = diagnostics_with_code(bufnr, 'doubled-word')
    check(#boilerplate == 1 and #doubled == 1, 'each finding once, got ' .. describe_diagnostics(bufnr))
    check(#vim.diagnostic.get(bufnr) == 2, 'nothing else flagged in this draft, got ' .. describe_diagnostics(bufnr))
    local b = boilerplate[1]
    check(b.lnum == boilerplate_line and b.col == 0, 'web-boilerplate at ' .. describe_diagnostics(bufnr))
    local d = doubled[1]
    check(
      d.lnum == doubled_line and d.col >= doubled_col and d.end_col <= doubled_col + #'the the' and d.end_col > d.col,
      ('doubled-word should lie within `the the` at %d:%d, got %s'):format(doubled_line, doubled_col, describe_diagnostics(bufnr))
    )
    check(b.severity == vim.diagnostic.severity.WARN and d.severity == vim.diagnostic.severity.WARN, 'both are warnings by default')
  end)

  step('the doubled-word quick fix removes the repeat', function()
    local d = diagnostics_with_code(bufnr, 'doubled-word')[1]
    -- What vim.lsp.buf.code_action() sends on 0.7.2: the cursor as the range and the line's
    -- diagnostics (with byte columns, as 0.7 does).
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
    params.context = { diagnostics = line_diagnostics_for_request(bufnr, d.lnum) }
    local actions = request(bufnr, 'textDocument/codeAction', params)
    check(type(actions) == 'table' and #actions > 0, 'no code actions at the doubled word')
    local chosen
    for _, action in ipairs(actions) do
      local for_doubled = false
      for _, ad in ipairs(action.diagnostics or {}) do
        if ad.code == 'doubled-word' then
          for_doubled = true
        end
      end
      local title = (action.title or ''):lower()
      local suppresses = title:find('disable', 1, true) or title:find('suppress', 1, true) or title:find('ignore', 1, true)
      if action.kind == 'quickfix' and for_doubled and not suppresses then
        if chosen == nil or (action.isPreferred and not chosen.isPreferred) then
          chosen = action
        end
      end
    end
    local titles = vim.tbl_map(function(a)
      return ('%s (%s)'):format(tostring(a.title), tostring(a.kind))
    end, actions)
    check(chosen ~= nil, 'no quickfix tied to the doubled-word diagnostic among: ' .. table.concat(titles, '; '))
    apply_action(client, bufnr, chosen)
    local want = original:gsub('the the', 'the', 1)
    local got = buffer_text(bufnr)
    check(got == want, 'after the quick fix: ' .. first_difference(got, want))
    local ok = vim.wait(TIMEOUT, function()
      return #diagnostics_with_code(bufnr, 'doubled-word') == 0 and #diagnostics_with_code(bufnr, 'web-boilerplate') == 1
    end, 20)
    check(ok, 'after the quick fix expected only web-boilerplate, got ' .. describe_diagnostics(bufnr))
  end)

  step('fix-all (source.fixAll.copydesk) gives the fixed text, the same as `copydesk check --fix`', function()
    local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = {
        start = { line = 0, character = 0 },
        ['end'] = { line = #lines - 1, character = line_length(lines[#lines], client.offset_encoding) },
      },
      context = { diagnostics = {}, only = { FIX_ALL } },
    }
    local actions = request(bufnr, 'textDocument/codeAction', params)
    check(type(actions) == 'table', 'no code actions for ' .. FIX_ALL)
    local fix_all = {}
    for _, action in ipairs(actions) do
      if action.kind == FIX_ALL then
        table.insert(fix_all, action)
      end
    end
    check(#fix_all == 1, ('one %s action expected, got %d of %d: %s'):format(FIX_ALL, #fix_all, #actions, vim.inspect(actions)))
    apply_action(client, bufnr, fix_all[1])
    local got = buffer_text(bufnr)
    check(got == expected, 'after fix-all: ' .. first_difference(got, expected))

    -- The CLI on the original draft writes the same bytes.
    local cli_copy = work .. '/cli/draft.md'
    write_file(cli_copy, original)
    local cli_output = vim.fn.system({ bin, 'check', '--fix', cli_copy })
    check(vim.v.shell_error ~= 2, 'copydesk check --fix failed: ' .. cli_output)
    local cli_text = read_file(cli_copy)
    check(cli_text == got, 'fix-all in the editor differs from check --fix: ' .. first_difference(got, cli_text))

    local ok = vim.wait(TIMEOUT, function()
      return #vim.diagnostic.get(bufnr) == 0
    end, 20)
    check(ok, 'after fix-all no findings expected, got ' .. describe_diagnostics(bufnr))
  end)

  step('hover on "Moscow" shows a card that names it', function()
    local provider = client.server_capabilities.hoverProvider
    check(provider ~= nil and provider ~= false, 'the server does not offer hover')
    local lnum, col = find_in_buffer(bufnr, 'Moscow')
    check(lnum ~= nil, 'the draft has no "Moscow"')
    vim.api.nvim_win_set_cursor(0, { lnum + 1, col + 2 })
    local result = request(bufnr, 'textDocument/hover', vim.lsp.util.make_position_params(0, client.offset_encoding))
    check(result ~= nil and result.contents ~= nil, 'hover returned nothing on Moscow')
    local text = hover_text(result.contents)
    check(text:find('Moscow', 1, true) ~= nil, 'the hover card does not mention Moscow: ' .. vim.inspect(text))
    if result.range then
      local r = result.range
      check(
        r.start.line == lnum and r.start.character <= col and r['end'].character >= col + #'Moscow',
        'hover range should cover Moscow: ' .. vim.inspect(r)
      )
    end
  end)

  step('a plain-text draft is checked by the same client', function()
    vim.cmd('edit ' .. vim.fn.fnameescape(text_draft))
    local text_buf = vim.api.nvim_get_current_buf()
    check(vim.bo[text_buf].filetype == 'text', 'filetype is ' .. vim.bo[text_buf].filetype)
    local ok = vim.wait(TIMEOUT_START, function()
      return #diagnostics_with_code(text_buf, 'doubled-word') == 1
    end, 20)
    check(ok, 'expected one doubled-word in the .txt draft, got ' .. describe_diagnostics(text_buf))
    local text_client = copydesk_client(text_buf)
    check(text_client ~= nil and text_client.id == client.id, 'the .txt draft should share the client of its folder')
    check(#all_clients() == 1, ('one client expected, got %d'):format(#all_clients()))
  end)

  step('the server sent no error message', function()
    for _, message in ipairs(shown_messages) do
      check(message.type ~= vim.lsp.protocol.MessageType.Error, 'window/showMessage error: ' .. tostring(message.message))
    end
  end)

  step('shutdown and exit end the server with code 0', function()
    local id = client.id
    vim.lsp.stop_client(id)
    local ok = vim.wait(TIMEOUT, function()
      return exits[id] ~= nil
    end, 20)
    check(ok, 'the server did not exit after shutdown and exit')
    check(exits[id].code == 0, ('server exit code %s (signal %s)'):format(tostring(exits[id].code), tostring(exits[id].signal)))
  end)
end

-- The LSP log grows across runs; remember where this run starts so a failure shows only its part.
local log_path = (modern and vim.lsp.log and vim.lsp.log.get_filename) and vim.lsp.log.get_filename() or vim.lsp.get_log_path()
local log_start = (uv.fs_stat(log_path) or { size = 0 }).size

local ok, err = xpcall(main, function(e)
  if type(e) == 'table' and e.e2e then
    return e.e2e
  end
  return 'Lua error: ' .. tostring(e) .. '\n' .. debug.traceback()
end)

if not ok then
  failed = 1
  say(('not ok %d - %s'):format(passed + 1, current_step))
  io.stderr:write('  ' .. tostring(err):gsub('\n', '\n  ') .. '\n')
  local f = io.open(log_path, 'rb')
  if f then
    f:seek('set', log_start)
    local tail = f:read('*a') or ''
    f:close()
    if #tail > 0 then
      io.stderr:write('  LSP log (' .. log_path .. '), this run:\n' .. tail:sub(-4000) .. '\n')
    end
  end
  for _, c in ipairs(all_clients()) do
    vim.lsp.stop_client(c.id, true)
  end
end

if work ~= nil and os.getenv('COPYDESK_E2E_KEEP') == nil then
  vim.fn.delete(work, 'rf')
end

say(('nvim e2e: %d passed, %d failed'):format(passed, failed))
io.stdout:flush()
io.stderr:flush()
os.exit(failed == 0 and 0 or 1)
