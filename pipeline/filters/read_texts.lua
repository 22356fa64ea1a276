-- Run as `pandoc lua read_texts.lua READER`: reads a JSON list of Markdown texts on stdin and writes, for each,
-- the text parsed by READER as pandoc's JSON AST (a string), so one pandoc run reads every text of a page.
local reader = arg[1]
local texts = pandoc.json.decode(io.read("a"), false)
local out = {}
for i, text in ipairs(texts) do
  out[i] = pandoc.write(pandoc.read(text, reader), "json")
end
io.write(pandoc.json.encode(out))
