-- The DOCX edition's page structure (run after manifesto.lua, for DOCX only).
--
-- * The cover art (metadata `docx-cover`, the print cover's background drawn as a PNG) is anchored behind the first
--   page, and the cover's words are live text over it, in the cover styles: the publisher (in whose paragraph the
--   picture is anchored), the title, the accent rule, the subtitle, a draft's mark, the network and the year.
-- * The contents list (metadata `contents: true`, the full edition) is written out as paragraphs in the styles
--   "TOC Heading" and "TOC 1", each linking to its theme's heading, its page number a PAGEREF field to the heading's
--   bookmark: LibreOffice fills it in on opening, Word when it updates the fields (settings.xml asks it to,
--   docx_finish.py). pandoc's --toc writes an empty field that LibreOffice shows as a heading over nothing.
-- * The contents and each theme start a new page by their style's "page break before" (the reference document),
--   never by a page-break paragraph, which lands on a page of its own when the page before is full.
-- * A practice's name is a paragraph of its own ("Practice Title", kept with its text), not a line ended by a
--   manual break in a justified paragraph, which Word and LibreOffice stretch across the line.
-- * A handout has no title block: its title (the `.handout-title` heading) is set in the navy band, between the
--   kicker and the subtitle, in the band styles of the handout's reference document.
-- * Only metadata a word processor shows is kept: pandoc writes every other field as a custom document property,
--   and the EPUB's accessibility claims (a cover image, a navigable table of contents) are not true of the DOCX.

local KEPT = {title = true, subtitle = true, author = true, date = true, lang = true, keywords = true,
              description = true}

local function styled(style, inlines)
  return pandoc.Div({pandoc.Para(inlines)}, {["custom-style"] = style})
end

local function text(meta, key)
  return meta[key] and pandoc.utils.stringify(meta[key]) or ""
end

local function band(doc)
  local kicker = styled("Band Kicker", {pandoc.Str(text(doc.meta, "kicker"))})
  local line = text(doc.meta, "subtitle") .. " · " .. text(doc.meta, "publisher")
  local subtitle = styled("Band Subtitle", {pandoc.Str(line)})
  local blocks = pandoc.Blocks({})
  for _, block in ipairs(doc.blocks) do
    local title = block.t == "Header" and block.classes:includes("handout-title")
    if title then
      blocks:insert(kicker)
    end
    blocks:insert(block)
    if title then
      blocks:insert(subtitle)
    end
  end
  return blocks
end

local function drop_title_block(meta)
  for _, key in ipairs({"title", "subtitle", "author", "date"}) do
    meta[key] = nil
  end
end

-- The cover: its art (metadata `docx-cover`) in the publisher's paragraph, which docx_finish.finish anchors to the
-- page's corner, behind the text, at the page's size; then the cover's words as live text, in place of the title
-- block. The network and the year share the last line, the year at a right tab.
local function cover(doc)
  local image = pandoc.Image({pandoc.Str(text(doc.meta, "docx-cover-alt"))}, text(doc.meta, "docx-cover"), "",
                             {width = "210mm", height = "297mm"})
  local blocks = pandoc.Blocks({styled("Cover Kicker", {image, pandoc.Str(text(doc.meta, "publisher"))})})
  blocks:insert(pandoc.Div({pandoc.Para(doc.meta.title or {})}, {["custom-style"] = "Cover Title"}))
  blocks:insert(pandoc.RawBlock("openxml", '<w:p><w:pPr><w:pStyle w:val="CoverRule"/></w:pPr></w:p>'))
  blocks:insert(pandoc.Div({pandoc.Para(doc.meta.subtitle or {})}, {["custom-style"] = "Cover Subtitle"}))
  if doc.meta.draft then
    blocks:insert(styled("Cover Mark", {pandoc.Str(text(doc.meta, "draft"))}))
  end
  local year = pandoc.RawInline("openxml", '<w:r><w:tab/></w:r>')
  blocks:insert(styled("Cover Network", {pandoc.Str(text(doc.meta, "cover-network")), year,
                                         pandoc.Str(text(doc.meta, "year"))}))
  drop_title_block(doc.meta)
  return blocks
end

-- A practice whose first line is its name (a `.practice-name` span, then a line break): the name as a paragraph of
-- its own in "Practice Title", then the practice's text.
function Div(div)
  local first = div.content[1]
  if div.attributes["custom-style"] ~= "Practice" or not first or first.t ~= "Para" then
    return nil
  end
  local name, brk = first.content[1], first.content[2]
  if not (name and name.t == "Span" and name.classes:includes("practice-name") and brk and brk.t == "LineBreak") then
    return nil
  end
  local rest = pandoc.List({table.unpack(first.content, 3)})
  local body = pandoc.Blocks({})
  if #rest > 0 then
    body:insert(pandoc.Para(rest))
  end
  body:extend({table.unpack(div.content, 2)})
  local title = pandoc.Div({pandoc.Para(name.content)}, {["custom-style"] = "Practice Title"})
  if #body == 0 then
    return title
  end
  return {title, pandoc.Div(body, div.attr)}
end

-- A contents entry's page number: a right tab, then a PAGEREF field to the heading's bookmark (pandoc names it by
-- the heading's identifier); its shown value is empty until LibreOffice or Word computes it.
local function page_number(header)
  local field = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF '
                .. header.identifier .. ' \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                .. '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
  return pandoc.RawInline("openxml", '<w:r><w:tab/></w:r>' .. field)
end

function Pandoc(doc)
  local contents = doc.meta.contents
  local title = doc.meta["toc-title"] and pandoc.utils.stringify(doc.meta["toc-title"]) or "Contents"
  local cover_page = doc.meta["docx-cover"] and cover(doc)
  if not contents then
    doc.blocks = band(doc)
    drop_title_block(doc.meta)
  end
  for key, _ in pairs(doc.meta) do
    if not KEPT[key] then
      doc.meta[key] = nil
    end
  end
  if not contents then
    return doc
  end
  local blocks = pandoc.Blocks({styled("TOC Heading", {pandoc.Str(title)})})
  if cover_page then
    blocks = cover_page .. blocks
  end
  for _, block in ipairs(doc.blocks) do
    if block.t == "Header" and block.level == 1 then
      blocks:insert(styled("TOC 1", {pandoc.Link(block.content, "#" .. block.identifier), page_number(block)}))
    end
  end
  blocks:extend(doc.blocks)
  doc.blocks = blocks
  return doc
end
