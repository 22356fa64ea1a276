-- The manifesto's pandoc filter: its span classes in every format, and pandoc 3.9's Typst-writer gaps.
--
-- * A span with `lang` becomes `#text(lang: …, region: …)[…]` in Typst (pandoc drops the attribute there).
--   A tag without a two-letter region gets `region: none`, or Typst would inherit the document's region (French
--   tagged fr-GB). The script (`sr-Latn`) and M.49 regions (`es-419`) are not Typst's: dropped, as
--   pipeline/langtag.py's `LangTag.typst` does for the document's language (the source checks every tag).
-- * A link whose target the export lost (empty or `#`) is plain text: pandoc's Typst output fails to compile
--   on it, and a reader of any format is better served by text than by a link going nowhere.
-- * So is a link to anything but an http(s) address with a host, a mailto: address or an #anchor (javascript:,
--   data:, file:, relative paths, //host...): `validate`, `qa` and the build refuse them first (pipeline/safety.py);
--   this is the last guard, for whatever reaches pandoc anyway.
-- * `.link-unknown` (a link whose target the export lost) is plain text, never a link, and never a style: a lost
--   link is a fact for the editors (`manifesto check`, the queries), not for readers. The DOCX keeps a character
--   style of that name without formatting, so an editor can find the places in Word.
-- * `.name` (a name kept in its original language) is never hyphenated in print.
-- * Images never come from the manifesto: an image in untrusted text is shown as its literal Markdown.
-- * The handout footer is a page footer in print (the Typst template places it); other formats keep the block.
-- * The handout's title (`.handout-title`) is set by the Typst template inside the title band, as the H1.
-- * In print, each theme is marked for the build's fitting (see `Header` below).

local typst = FORMAT:match("typst") ~= nil

local function typst_string(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

local function text_args(lang)
  local language = lang:match("^%a+") or lang
  local region = "none"
  for subtag in lang:gmatch("%-([^-]+)") do
    if subtag:match("^%a%a$") then
      region = typst_string(subtag:upper())
    end
  end
  return "lang: " .. typst_string(language:lower()) .. ", region: " .. region
end

-- `content` inside a Typst call that opens with `open` and closes with `]`: inlines, or blocks.
local function wrapped(List, Raw, open, content)
  local out = List({Raw("typst", open)})
  out:extend(content)
  out:insert(Raw("typst", "]"))
  return out
end

local function wrap(open, content)
  return wrapped(pandoc.Inlines, pandoc.RawInline, open, content)
end

local function wrap_blocks(open, content)
  return wrapped(pandoc.Blocks, pandoc.RawBlock, open, content)
end

local docx = FORMAT:match("docx") ~= nil

function Span(span)
  if docx and span.classes:includes("link-unknown") then
    span.attributes["custom-style"] = "Unknown Link"
    return span
  end
  if not typst then
    return nil
  end
  local content = span.content
  if span.classes:includes("name") then
    content = wrap("#text(hyphenate: false)[", content)
  end
  if span.classes:includes("practice-name") then
    content = wrap("#text(font: sans, weight: \"bold\", fill: navy)[", content)
  end
  local lang = span.attributes.lang
  if lang and lang ~= "" then
    content = wrap("#text(" .. text_args(lang) .. ")[", content)
  end
  return content
end

local function allowed(target)
  if target:match("[%s%c]") then
    return false
  end
  if target:match("^#.") then
    return true
  end
  local scheme, rest = target:match("^(%a[%w+.-]*):(.*)$")
  scheme = scheme and scheme:lower()
  if scheme == "http" or scheme == "https" then
    return rest:match("^//[^/?#]") ~= nil
  end
  return scheme == "mailto" and rest:match("@") ~= nil
end

function Link(link)
  if not allowed(link.target) then
    return link.content
  end
  return nil
end

function Image(image)
  local literal = "![" .. pandoc.utils.stringify(image.caption) .. "](" .. image.src .. ")"
  return pandoc.Str(literal)
end

-- References (`.references`): each a paragraph with a hanging indent, its title in italics whatever its link
-- status. In print a live link shows its address after the title (a printed copy cannot follow a link); in
-- DOCX the paragraph style "Reference" is italic, so a lost link's italic character style, which Word would
-- toggle back to roman inside it, is dropped.
local function references(div)
  if docx then
    return div:walk({Span = function(span)
      span.attributes["custom-style"] = nil
      return span
    end})
  end
  if not typst then
    return nil
  end
  local body = div.content:walk({Link = function(link)
    local address = wrap("#text(style: \"normal\", size: 0.85em)[", {pandoc.Str((link.target:gsub("^mailto:", "")))})
    return pandoc.Inlines({link, pandoc.Space()}) .. address
  end})
  return wrap_blocks("#block[#set par(hanging-indent: 1.2em, first-line-indent: 0pt, justify: false)\n" ..
                     "#set text(style: \"italic\")\n", body)
end

-- A practice (`.practice`): its name (`.practice-name`) on a line of its own, in the headings' face, and the
-- whole set apart by a rule in the accent colour; a short one never splits across pages.
local function practice(div)
  if not typst then
    return nil
  end
  local short = #pandoc.utils.stringify(div.content) < 700
  return wrap_blocks("#block(width: 100%, stroke: (left: 1.5pt + accent), inset: (left: 0.8em, y: 0.15em), " ..
                     "above: 0.9em, below: 0.9em, breakable: " .. (short and "false" or "true") .. ")[", div.content)
end

function Div(div)
  if typst and div.classes:includes("handout-footer") then
    return {}
  end
  if div.classes:includes("practice") then
    return practice(div)
  end
  if typst and div.classes:includes("edition-notice") then  -- a draft's or preview's first words: body text
    return wrap_blocks("#block(width: 100%, stroke: (left: 2pt + accent), inset: (left: 0.8em, y: 0.3em), " ..
                       "below: 1.2em)[#set text(font: sans, weight: \"bold\", fill: navy)\n", div.content)
  end
  if div.classes:includes("references") then
    return references(div)
  end
  return nil
end

-- Print: a theme is a level-1 heading and what follows it. It starts with `#show: theme.with("<id>")` (its
-- spacing, tight when the build fitted it) and ends with `#theme-end("<id>")` (where its text ends, for the
-- build to see a last page holding only a few lines); both are defined in templates/typst/style.typ. A
-- handout's title is set by its template, in the band: only the markers stay.
local theme = nil

local function theme_end()
  return pandoc.RawBlock("typst", "#theme-end(" .. typst_string(theme) .. ")")
end

function Header(header)
  if not typst or header.level ~= 1 then
    return nil
  end
  local out = pandoc.Blocks({})
  if theme then
    out:insert(theme_end())
  end
  theme = header.identifier
  if not header.classes:includes("handout-title") then
    out:insert(header)
  end
  out:insert(pandoc.RawBlock("typst", "#show: theme.with(" .. typst_string(theme) .. ")"))
  return out
end

function Pandoc(doc)
  if typst and theme then
    doc.blocks:insert(theme_end())
  end
  return doc
end
