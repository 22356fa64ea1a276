-- Run as `pandoc lua link_targets.lua`: reads a JSON list of Markdown texts on stdin and writes, for each, the
-- list of its link targets as pandoc parses them (inline, reference-style and autolinks; entities decoded).
local reader = arg[1]
local texts = pandoc.json.decode(io.read("a"))
local out = {}
for i, text in ipairs(texts) do
  local found = pandoc.List()
  pandoc.read(text, reader):walk({Link = function(link) found:insert(link.target) end})
  out[i] = found
end
io.write(pandoc.json.encode(out))
