-- The DOCX edition's page structure (run after manifesto.lua, for DOCX only).
--
-- * The cover image (metadata `docx-cover`, the print cover drawn as a PNG) is the first page, in place of the
--   title block; without one, the title block is the cover. A page break follows it.
-- * The contents list (metadata `contents: true`, the full edition) is written out as paragraphs in the styles
--   "TOC Heading" and "TOC 1", each linking to its theme's heading: Word and LibreOffice show the entries as
--   soon as the file opens (pandoc's --toc writes an empty field that Word asks to update, and LibreOffice
--   shows as a heading over nothing). Page numbers cannot be known before layout; the entries are links.
-- * Each theme (a level-1 heading of the full edition) starts on a new page.
-- * A handout has no title block: its title (the `.handout-title` heading) is set in the navy band, between the
--   kicker and the subtitle, in the band styles of the handout's reference document.
-- * Only metadata a word processor shows is kept: pandoc writes every other field as a custom document property,
--   and the EPUB's accessibility claims (a cover image, a navigable table of contents) are not true of the DOCX.

local KEPT = {title = true, subtitle = true, author = true, date = true, lang = true, keywords = true,
              description = true}

local page_break = pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

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

-- The cover image (metadata `docx-cover`, drawn from the print cover) as the first page, in place of the
-- title block; docx_finish.finish anchors it to the page's corner, behind the text, at the page's size.
local function cover(doc)
  local image = pandoc.Image({pandoc.Str(text(doc.meta, "docx-cover-alt"))}, text(doc.meta, "docx-cover"), "",
                             {width = "210mm", height = "297mm"})
  drop_title_block(doc.meta)
  return pandoc.Para({image})
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
  local blocks = pandoc.Blocks({page_break, styled("TOC Heading", {pandoc.Str(title)})})
  if cover_page then
    blocks:insert(1, cover_page)
  end
  local body = pandoc.Blocks({})
  for i, block in ipairs(doc.blocks) do
    if block.t == "Header" and block.level == 1 then
      blocks:insert(styled("TOC 1", {pandoc.Link(block.content, "#" .. block.identifier)}))
      body:insert(page_break)
    end
    body:insert(block)
  end
  blocks:extend(body)
  doc.blocks = blocks
  return doc
end
