--- copydesk for Neovim: starts `copydesk lsp` for Markdown and plain-text buffers.
---
--- Usage: `require('copydesk').setup({ settings = { style = 'ap' } })`.
---
--- On Neovim 0.11 and later this registers the server with `vim.lsp.config` and turns it on
--- with `vim.lsp.enable`. On 0.8 to 0.10 it calls `vim.lsp.start` from a FileType autocommand.
--- On 0.7 (Debian's 0.7.2), which has no `vim.lsp.start`, it calls `vim.lsp.start_client`
--- once per project root and `vim.lsp.buf_attach_client` for each buffer.
local M = {}

--- Defaults; `setup(opts)` overrides any of them.
M.defaults = {
  --- Command that starts the server (list: program and arguments).
  cmd = { 'copydesk', 'lsp' },
  --- Filetypes the server checks.
  filetypes = { 'markdown', 'text' },
  --- Files or folders marking a project root; the nearest folder holding any of them wins,
  --- else the buffer's own folder.
  root_markers = { 'copydesk.toml', '.git' },
  --- The `copydesk` settings section: same keys as copydesk.toml (`style`, `exclude`, `rules`,
  --- `boilerplate = { phrases }`, `substitutions`, `names = { lists }`, `quotes = { marks }`).
  --- Empty means copydesk.toml and the built-in defaults decide.
  settings = {},
  --- Passed through to the LSP client when set.
  on_attach = nil,
  capabilities = nil,
}

local function has_lsp_config()
  return vim.fn.has('nvim-0.11') == 1 and vim.lsp.config ~= nil and vim.lsp.enable ~= nil
end

--- Returns the project root for a file: the nearest folder at or above `path`'s folder that
--- holds one of `markers`, else the file's own folder. `path` may be '' (an unnamed buffer),
--- which stands for the current directory.
function M.root_dir(path, markers)
  local start
  if path == nil or path == '' then
    start = vim.fn.getcwd()
  else
    start = vim.fn.fnamemodify(path, ':p:h')
  end
  local dir = start
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) ~= nil then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return start
    end
    dir = parent
  end
end

--- The `settings` table sent to the server: `{ copydesk = opts.settings }`, or `{}` when
--- there are none (an empty Lua table would be sent as a JSON array).
local function server_settings(settings)
  if settings == nil or next(settings) == nil then
    return {}
  end
  return { copydesk = settings }
end

--- Sends the settings once the server is up. Neovim 0.10 and later do this themselves; before
--- 0.10 nothing does, and 0.7 does not even announce `workspace/configuration` support, so
--- this notification is how the server learns them there.
local function send_settings(client)
  if vim.fn.has('nvim-0.10') == 1 then
    return
  end
  local settings = client.config.settings
  if settings ~= nil and next(settings) ~= nil then
    client.notify('workspace/didChangeConfiguration', { settings = settings })
  end
end

--- The client configuration shared by every path below.
function M.client_config(opts, root)
  return {
    name = 'copydesk',
    cmd = opts.cmd,
    root_dir = root,
    settings = server_settings(opts.settings),
    capabilities = opts.capabilities,
    on_attach = opts.on_attach,
    on_init = send_settings,
  }
end

local started = {} -- root folder → client id (0.7 path only)

--- Attaches buffer `bufnr` to the copydesk client of its root, starting that client first
--- when there is none. Neovim 0.7 path.
local function attach_0_7(opts, bufnr)
  local root = M.root_dir(vim.api.nvim_buf_get_name(bufnr), opts.root_markers)
  local id = started[root]
  if id == nil or vim.lsp.client_is_stopped(id) then
    local config = M.client_config(opts, root)
    if config.capabilities == nil then
      config.capabilities = vim.lsp.protocol.make_client_capabilities()
    end
    id = vim.lsp.start_client(config)
    if id == nil then
      vim.notify('copydesk: could not start ' .. table.concat(opts.cmd, ' '), vim.log.levels.ERROR)
      return
    end
    started[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- Neovim 0.8 to 0.10 path: vim.lsp.start reuses a client with the same name and root.
local function attach_0_8(opts, bufnr)
  local root = M.root_dir(vim.api.nvim_buf_get_name(bufnr), opts.root_markers)
  vim.lsp.start(M.client_config(opts, root), { bufnr = bufnr })
end

--- Sets copydesk up. `opts` overrides M.defaults; see there for the keys. Calling it again
--- replaces the earlier set-up's autocommands (clients already running stay).
function M.setup(opts)
  opts = vim.tbl_extend('force', M.defaults, opts or {})

  if has_lsp_config() then
    local config = M.client_config(opts, nil)
    config.root_dir = nil
    config.filetypes = opts.filetypes
    config.root_markers = opts.root_markers
    vim.lsp.config('copydesk', config)
    vim.lsp.enable('copydesk')
    return
  end

  local attach = vim.lsp.start ~= nil and attach_0_8 or attach_0_7
  local group = vim.api.nvim_create_augroup('copydesk', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = opts.filetypes,
    callback = function(args)
      attach(opts, args.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(opts.filetypes, vim.bo[bufnr].filetype) then
      attach(opts, bufnr)
    end
  end
end

return M
