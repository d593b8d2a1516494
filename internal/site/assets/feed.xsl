<?xml version="1.0" encoding="UTF-8"?>
<!--
  feed.xsl: shows a gleaner Atom or RSS 2.0 feed as a readable page when the
  feed is opened in a browser. Feed readers ignore it.

  Every value from the feed is written with xsl:value-of, escaped, never
  as markup: entries show their plain-text summary rather than their HTML
  content, and only http and https links are made clickable.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  exclude-result-prefixes="atom dc">

  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="iso3166" select="'urn:iso:std:iso:3166:-1:alpha-2'"/>
  <xsl:variable name="months" select="'JanFebMarAprMayJunJulAugSepOctNovDec'"/>

  <!-- Atom (RFC 4287) -->
  <xsl:template match="/atom:feed">
    <xsl:call-template name="page">
      <xsl:with-param name="lang" select="@xml:lang"/>
      <xsl:with-param name="title" select="atom:title"/>
      <xsl:with-param name="description" select="atom:subtitle"/>
      <xsl:with-param name="self" select="atom:link[@rel='self'][1]/@href"/>
      <xsl:with-param name="home" select="atom:link[@rel='alternate'][1]/@href"/>
      <xsl:with-param name="entries" select="atom:entry"/>
    </xsl:call-template>
  </xsl:template>

  <!-- RSS 2.0 -->
  <xsl:template match="/rss">
    <xsl:call-template name="page">
      <xsl:with-param name="lang" select="channel/language"/>
      <xsl:with-param name="title" select="channel/title"/>
      <xsl:with-param name="description" select="channel/description"/>
      <xsl:with-param name="self" select="channel/atom:link[@rel='self'][1]/@href"/>
      <xsl:with-param name="home" select="channel/link"/>
      <xsl:with-param name="entries" select="channel/item"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="page">
    <xsl:param name="lang"/>
    <xsl:param name="title"/>
    <xsl:param name="description"/>
    <xsl:param name="self"/>
    <xsl:param name="home"/>
    <xsl:param name="entries"/>
    <html>
      <xsl:attribute name="lang">
        <xsl:choose>
          <xsl:when test="string($lang)"><xsl:value-of select="$lang"/></xsl:when>
          <xsl:otherwise>en</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> (web feed)</title>
        <style>
:root{--bg:#fbfaf7;--fg:#1b1b1b;--muted:#4a4a4a;--link:#0a4f8f;--card:#fff;--line:#d9d4ca;--band:#16324f;--band-fg:#fff;--band-muted:#d6e2ef;--focus:#c05600}
@media (prefers-color-scheme:dark){:root{--bg:#121417;--fg:#ececec;--muted:#b9bec4;--link:#8cc4ff;--card:#1b1f24;--line:#39414a;--band:#0d1b2a;--band-fg:#fff;--band-muted:#c3d1e0;--focus:#ffb061}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
a{color:var(--link);text-underline-offset:.15em}
a:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.wrap{max-width:48rem;margin:0 auto;padding:0 1rem}
header{background:var(--band);color:var(--band-fg);padding:1.5rem 0 1.25rem}
header p{margin:0;color:var(--band-muted)}
header a{color:var(--band-fg)}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.8rem;font-weight:600}
h1{margin:.2rem 0 .4rem;font-size:clamp(1.5rem,4vw,2.1rem);line-height:1.2}
h2{font-size:1.3rem;margin:0 0 .5rem}
h3{font-size:1.08rem;margin:0 0 .2rem;line-height:1.3}
main{display:block;padding:1.5rem 0 2rem}
.about{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--link);border-radius:.5rem;padding:1rem 1.25rem;margin-bottom:2rem}
.about p{margin:.4rem 0}
.url{display:block;padding:.5rem .75rem;background:var(--bg);border:1px solid var(--line);border-radius:.35rem;font:.92rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere;user-select:all}
ol{list-style:none;margin:0;padding:0}
li{padding:.9rem 0;border-top:1px solid var(--line)}
li:first-child{border-top:0;padding-top:0}
li p{margin:.25rem 0 0}
.meta{color:var(--muted);font-size:.92rem}
        </style>
      </head>
      <body>
        <header>
          <div class="wrap">
            <p class="kicker">Web feed</p>
            <h1><xsl:value-of select="$title"/></h1>
            <xsl:if test="string($description) and string($description) != string($title)">
              <p><xsl:value-of select="$description"/></p>
            </xsl:if>
          </div>
        </header>
        <main>
          <div class="wrap">
            <section class="about" aria-labelledby="about">
              <h2 id="about">This is a web feed</h2>
              <p>This is a web feed, also called an RSS or Atom feed. Copy its address into your feed reader to subscribe, and new entries will reach you as they are published.</p>
              <xsl:if test="string($self)">
                <p><strong>Feed address:</strong></p>
                <code class="url"><xsl:value-of select="$self"/></code>
              </xsl:if>
              <p>New to feeds? <a href="https://aboutfeeds.com/">About Feeds explains what they are and how to start</a>.</p>
              <xsl:if test="starts-with($home, 'https://') or starts-with($home, 'http://')">
                <p><a href="{$home}">Visit the website of this feed</a></p>
              </xsl:if>
            </section>
            <section aria-labelledby="entries">
              <h2 id="entries">Entries</h2>
              <xsl:choose>
                <xsl:when test="$entries">
                  <ol><xsl:apply-templates select="$entries"/></ol>
                </xsl:when>
                <xsl:otherwise>
                  <p>This feed has no entries yet.</p>
                </xsl:otherwise>
              </xsl:choose>
            </section>
          </div>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <article>
        <h3>
          <xsl:call-template name="link">
            <xsl:with-param name="href" select="atom:link[@rel='alternate' or not(@rel)][1]/@href"/>
            <xsl:with-param name="text" select="atom:title"/>
          </xsl:call-template>
        </h3>
        <xsl:call-template name="meta">
          <xsl:with-param name="date">
            <!-- "2024-03-02T10:00:00Z" → "2 Mar 2024" -->
            <xsl:variable name="d">
              <xsl:choose>
                <xsl:when test="atom:published"><xsl:value-of select="atom:published"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="atom:updated"/></xsl:otherwise>
              </xsl:choose>
            </xsl:variable>
            <xsl:variable name="day" select="number(substring($d, 9, 2))"/>
            <xsl:variable name="month" select="number(substring($d, 6, 2))"/>
            <xsl:if test="$day &gt;= 1 and $month &gt;= 1 and $month &lt;= 12">
              <xsl:value-of select="concat($day, ' ', substring($months, $month * 3 - 2, 3), ' ', substring($d, 1, 4))"/>
            </xsl:if>
          </xsl:with-param>
          <xsl:with-param name="partner" select="atom:source/atom:title"/>
          <xsl:with-param name="countries" select="atom:category[@scheme=$iso3166]/@label"/>
        </xsl:call-template>
        <xsl:if test="string(atom:summary)">
          <p><xsl:value-of select="atom:summary"/></p>
        </xsl:if>
      </article>
    </li>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <article>
        <h3>
          <xsl:call-template name="link">
            <xsl:with-param name="href" select="link"/>
            <xsl:with-param name="text" select="title"/>
          </xsl:call-template>
        </h3>
        <xsl:call-template name="meta">
          <xsl:with-param name="date">
            <!-- "Sat, 02 Mar 2024 10:00:00 +0000" → "2 Mar 2024" -->
            <xsl:variable name="day" select="number(substring(pubDate, 6, 2))"/>
            <xsl:if test="$day &gt;= 1">
              <xsl:value-of select="concat($day, ' ', substring(pubDate, 9, 3), ' ', substring(pubDate, 13, 4))"/>
            </xsl:if>
          </xsl:with-param>
          <xsl:with-param name="partner" select="source"/>
          <xsl:with-param name="countries" select="category[@domain=$iso3166]"/>
        </xsl:call-template>
        <xsl:if test="string(description)">
          <!-- gleaner writes the description as HTML-escaped plain text:
               undo that escaping and show the result as text. -->
          <p>
            <xsl:call-template name="unescape">
              <xsl:with-param name="s" select="description"/>
            </xsl:call-template>
          </p>
        </xsl:if>
      </article>
    </li>
  </xsl:template>

  <!-- link: text linked to href when href is http or https, else plain text. -->
  <xsl:template name="link">
    <xsl:param name="href"/>
    <xsl:param name="text"/>
    <xsl:variable name="label">
      <xsl:choose>
        <xsl:when test="normalize-space($text)"><xsl:value-of select="$text"/></xsl:when>
        <xsl:otherwise>Untitled</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="starts-with($href, 'https://') or starts-with($href, 'http://')">
        <a href="{$href}"><xsl:value-of select="$label"/></a>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$label"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- meta: "From <partner> · <date> · <countries>", leaving out what is missing. -->
  <xsl:template name="meta">
    <xsl:param name="date"/>
    <xsl:param name="partner"/>
    <xsl:param name="countries"/>
    <xsl:if test="string($partner) or string($date) or $countries">
      <p class="meta">
        <xsl:if test="string($partner)">From <xsl:value-of select="$partner"/></xsl:if>
        <xsl:if test="string($date)">
          <xsl:if test="string($partner)"> · </xsl:if>
          <xsl:value-of select="$date"/>
        </xsl:if>
        <xsl:if test="$countries">
          <xsl:if test="string($partner) or string($date)"> · </xsl:if>
          <xsl:for-each select="$countries">
            <xsl:if test="position() > 1">, </xsl:if>
            <xsl:value-of select="."/>
          </xsl:for-each>
        </xsl:if>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- unescape: undoes the three escapes gleaner applies to RSS
       descriptions (&lt; &gt; &amp;, ampersand last); the result is still
       written as text. -->
  <xsl:template name="unescape">
    <xsl:param name="s"/>
    <xsl:variable name="lt">
      <xsl:call-template name="replace">
        <xsl:with-param name="s" select="$s"/>
        <xsl:with-param name="from" select="'&amp;lt;'"/>
        <xsl:with-param name="to" select="'&lt;'"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="gt">
      <xsl:call-template name="replace">
        <xsl:with-param name="s" select="$lt"/>
        <xsl:with-param name="from" select="'&amp;gt;'"/>
        <xsl:with-param name="to" select="'&gt;'"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="replace">
      <xsl:with-param name="s" select="$gt"/>
      <xsl:with-param name="from" select="'&amp;amp;'"/>
      <xsl:with-param name="to" select="'&amp;'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="replace">
    <xsl:param name="s"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:choose>
      <xsl:when test="contains($s, $from)">
        <xsl:value-of select="substring-before($s, $from)"/>
        <xsl:value-of select="$to"/>
        <xsl:call-template name="replace">
          <xsl:with-param name="s" select="substring-after($s, $from)"/>
          <xsl:with-param name="from" select="$from"/>
          <xsl:with-param name="to" select="$to"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
