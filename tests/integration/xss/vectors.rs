//! The XSS suite's attack strings. Each is a template: `{M}` stands for the marker of
//! one placement (a vector in a field), a six-digit number, so whatever fires or is
//! injected names the vector and the field it came from (`alert(801703)`, an element
//! `id=x801703`). Payloads that run call `alert`, `confirm`, `prompt` or `console` with
//! the marker; the page hooks those before its own scripts run.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// `<script>` elements and the contexts they break out of.
    Script,
    /// Event-handler attributes, one per kind of element that has one.
    Handler,
    /// Break-outs of JSON inside `<script type="application/ld+json">`.
    JsonLd,
    /// `javascript:`, `vbscript:` and `data:` URLs in links, images, frames, forms.
    Url,
    /// Markdown's own links, images, autolinks, titles, code info strings, footnotes.
    Markdown,
    /// Quotes that close an attribute value.
    Attribute,
    Svg,
    MathMl,
    /// CSS `expression(…)`, `url(javascript:…)` and friends.
    Css,
    /// CDATA ends, control characters and other things XML forbids.
    Xml,
    /// Markup that parses differently the second time (mutation XSS) or swallows the
    /// rest of the page, and template syntax.
    Parser,
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Vector {
    pub name: &'static str,
    pub category: Category,
    /// The attack, with `{M}` where the marker goes.
    pub template: &'static str,
}

impl Vector {
    pub fn with_marker(&self, marker: &str) -> String {
        self.template.replace("{M}", marker)
    }
}

macro_rules! vectors {
    ($($cat:ident $name:literal $t:expr;)*) => {
        pub const VECTORS: &[Vector] = &[$(Vector { name: $name, category: Category::$cat, template: $t }),*];
    };
}

vectors! {
    // <script>
    Script "script" r#"<script>alert({M})</script>"#;
    Script "script-upper" r#"<SCRIPT>alert({M})</SCRIPT>"#;
    Script "script-src-data" r#"<script src="data:text/javascript,alert({M})"></script>"#;
    Script "script-split" r#"<scr<script>ipt>alert({M})</scr</script>ipt>"#;
    Script "script-unclosed" r#"<script>alert({M})//"#;
    Script "script-after-dquote" r#""><script>alert({M})</script>"#;
    Script "title-breakout" r#"</title><script>alert({M})</script>"#;
    Script "textarea-breakout" r#"</textarea><script>alert({M})</script>"#;
    Script "comment-breakout" r#"--><script>alert({M})</script>"#;
    // JSON inside <script>
    JsonLd "jsonld-close" r#"T</script><script>alert({M})</script>"#;
    JsonLd "jsonld-close-upper" r#"</SCRIPT ><script>alert({M})</script>"#;
    JsonLd "jsonld-comment-script" r#"x{M}<!--<script>"#;
    JsonLd "jsonld-comment-script-close" r#"<!--<script></script><script>alert({M})</script>-->"#;
    JsonLd "jsonld-line-separators" "x{M}\u{2028}alert({M})\u{2029}";
    JsonLd "jsonld-string-breakout" r#"","@type":"x","x":"<img src=x onerror=alert({M}) id=x{M}>"#;
    JsonLd "jsonld-backslash-quote" r#"\"};alert({M});//"#;
    // Event handlers, one per kind of element
    Handler "img-onerror" r#"XT<img src=x onerror=alert({M}) id=x{M}>"#;
    Handler "img-slashes" r#"<img/src="x"/onerror=alert({M})>"#;
    Handler "image-tag" r#"<image src=x onerror=alert({M}) id=x{M}>"#;
    Handler "img-entity-handler" r#"<img src=x onerror=&#97;lert({M}) id=x{M}>"#;
    Handler "img-eval-src" r#"<img src=x:alert(alt) onerror=eval(src) alt={M} id=x{M}>"#;
    Handler "picture-img" r#"<picture><source srcset=x><img src=x onerror=alert({M}) id=x{M}></picture>"#;
    Handler "svg-onload" r#"PB<svg onload=alert({M}) id=x{M}>"#;
    Handler "body-onload" r#"<body onload=alert({M}) id=x{M}>"#;
    Handler "iframe-onload" r#"<iframe onload=alert({M}) id=x{M}></iframe>"#;
    Handler "input-autofocus" r#"<input autofocus onfocus=alert({M}) id=x{M}>"#;
    Handler "textarea-autofocus" r#"<textarea autofocus onfocus=alert({M}) id=x{M}></textarea>"#;
    Handler "select-autofocus" r#"<select autofocus onfocus=alert({M}) id=x{M}></select>"#;
    Handler "button-autofocus" r#"<button autofocus onfocus=alert({M}) id=x{M}>b</button>"#;
    Handler "details-ontoggle" r#"<details open ontoggle=alert({M}) id=x{M}>"#;
    Handler "video-onerror" r#"<video src=x onerror=alert({M}) id=x{M}></video>"#;
    Handler "audio-onerror" r#"<audio src=x onerror=alert({M}) id=x{M}></audio>"#;
    Handler "source-onerror" r#"<video><source src=x onerror=alert({M}) id=x{M}></video>"#;
    Handler "object-onerror" r#"<object data=x onerror=alert({M}) id=x{M}></object>"#;
    Handler "embed-onload" r#"<embed src=x onload=alert({M}) id=x{M}>"#;
    Handler "marquee-onstart" r#"<marquee onstart=alert({M}) id=x{M}>m</marquee>"#;
    Handler "div-onmouseover" r#"<div onmouseover=alert({M}) id=x{M}>hover</div>"#;
    Handler "a-onclick" r#"<a onclick=alert({M}) id=x{M}>click</a>"#;
    Handler "p-onpointerenter" r#"<p onpointerenter=alert({M}) id=x{M}>p</p>"#;
    Handler "form-onsubmit" r#"<form onsubmit=alert({M}) id=x{M}><button>go</button></form>"#;
    Handler "style-onload" r#"<style onload=alert({M}) id=x{M}></style>"#;
    Handler "link-onerror" r#"<link rel=stylesheet href=x onerror=alert({M}) id=x{M}>"#;
    Handler "frameset-onload" r#"<frameset onload=alert({M}) id=x{M}>"#;
    Handler "td-onmouseover" r#"<table><tr><td onmouseover=alert({M}) id=x{M}>td</td></tr></table>"#;
    Handler "custom-element" r#"<x-y onclick=alert({M}) id=x{M}>custom</x-y>"#;
    Handler "onanimationstart" r#"<style>@keyframes k{}</style><b style=animation-name:k onanimationstart=alert({M}) id=x{M}>a</b>"#;
    // Quotes closing an attribute
    Attribute "dquote-handler" r#"" onmouseover="alert({M})" x=""#;
    Attribute "squote-handler" r#"' onmouseover='alert({M})' x='"#;
    Attribute "dquote-tag" r#""><img src=x onerror=alert({M}) id=x{M}>"#;
    Attribute "squote-tag" r#"'><svg onload=alert({M}) id=x{M}>"#;
    Attribute "dquote-style" r#"" style="background:url(javascript:alert({M}))" x=""#;
    Attribute "backtick" r#"` onmouseover=alert({M}) x=`"#;
    Attribute "entity-quote" r#"&quot; onmouseover=alert({M}) x=&quot;"#;
    Attribute "numeric-entity-tag" r#"&#34;&#62;&#60;img src=x onerror=alert({M}) id=x{M}&#62;"#;
    Attribute "unquoted" r#"x onmouseover=alert({M}) "#;
    // URLs with scripts
    Url "a-javascript" r#"<a href="javascript:alert({M})" id=x{M}>link</a>"#;
    Url "a-javascript-entities" r#"<a href="&#106;avascript:alert({M})" id=x{M}>link</a>"#;
    Url "a-javascript-tab-entity" r#"<a href="jav&#x09;ascript:alert({M})" id=x{M}>link</a>"#;
    Url "a-vbscript" r#"<a href="vbscript:msgbox({M})" id=x{M}>link</a>"#;
    Url "a-data-html" r#"<a href="data:text/html,<script>alert({M})</script>" id=x{M}>link</a>"#;
    Url "iframe-javascript" r#"<iframe src="javascript:alert({M})" id=x{M}></iframe>"#;
    Url "object-data-html" r#"<object data="data:text/html,<script>alert({M})</script>" id=x{M}></object>"#;
    Url "form-action" r#"<form action="javascript:alert({M})" id=x{M}><input type=submit></form>"#;
    Url "button-formaction" r#"<button formaction="javascript:alert({M})" id=x{M}>b</button>"#;
    Url "base-href" r#"<base href="javascript:alert({M})//" id=x{M}>"#;
    Url "meta-refresh" r#"<meta http-equiv="refresh" content="0;url=javascript:alert({M})" id=x{M}>"#;
    Url "img-javascript" r#"<img src="javascript:alert({M})" id=x{M}>"#;
    Url "bare-javascript" r#"javascript:alert({M})"#;
    Url "bare-javascript-mixed" r#" JaVaScRiPt:alert({M})"#;
    Url "bare-vbscript" r#"vbscript:msgbox({M})"#;
    Url "bare-data-html" r#"data:text/html,<script>alert({M})</script>"#;
    Url "web-url-squote" r#"https://x{M}.example.org/'onmouseover='alert({M})'"#;
    Url "web-url-script" r#"https://example.org/x{M}?q=</script><script>alert({M})</script>"#;
    Url "web-url-javascript-path" r#"https://example.org/javascript:alert({M})"#;
    // Markdown's own constructs
    Markdown "md-link-javascript" r#"[x{M}](javascript:alert({M}))"#;
    Markdown "md-link-javascript-entity" r#"[x{M}](&#106;avascript:alert({M}))"#;
    Markdown "md-link-angle" r#"[x{M}](<javascript:alert({M})>)"#;
    Markdown "md-link-tab" "[x{M}](<java\tscript:alert({M})>)";
    Markdown "md-link-data" r#"[x{M}](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"#;
    Markdown "md-image-javascript" r#"![x{M}](javascript:alert({M}))"#;
    Markdown "md-image-data-svg" r#"![x{M}](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"#;
    Markdown "md-autolink-javascript" r#"<javascript:alert({M})>"#;
    Markdown "md-autolink-data" r#"<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#x{M}>"#;
    Markdown "md-reference-javascript" "[x{M}][r{M}]\n\n[r{M}]: javascript:alert({M})";
    Markdown "md-link-title-dquote" r#"[x{M}](https://example.org/ "\" onmouseover=\"alert({M})\" x=\"")"#;
    Markdown "md-image-title-tag" r#"![x{M}](i.png "\"><img src=x onerror=alert({M}) id=x{M}>")"#;
    Markdown "md-image-alt-html" r#"![<img src=x onerror=alert({M}) id=x{M}>](i.png)"#;
    Markdown "md-link-text-html" r#"[<svg onload=alert({M}) id=x{M}>](https://example.org/)"#;
    Markdown "md-code-info" "~~~\"><script>alert({M})</script>\ncode\n~~~";
    Markdown "md-footnote-label" "n[^<img src=x onerror=alert({M}) id=x{M}>]\n\n[^<img src=x onerror=alert({M}) id=x{M}>]: note";
    Markdown "md-wikilink-javascript" r#"[[javascript:alert({M})|x{M}]]"#;
    Markdown "md-entities" r#"&lt;img src=x onerror=alert({M}) id=x{M}&gt;"#;
    Markdown "md-html-block" "<div>\n<img src=x onerror=alert({M}) id=x{M}>\n</div>";
    // SVG
    Svg "svg-script" r#"<svg><script>alert({M})</script></svg>"#;
    Svg "svg-a-xlink" r#"<svg><a xlink:href="javascript:alert({M})"><text x=20 y=20 id=x{M}>t</text></a></svg>"#;
    Svg "svg-animate-href" r#"<svg><a><animate attributeName=href values=javascript:alert({M}) /><text x=20 y=20 id=x{M}>t</text></a></svg>"#;
    Svg "svg-set-onbegin" r#"<svg><set attributeName=x onbegin=alert({M}) id=x{M} /></svg>"#;
    Svg "svg-foreignobject" r#"<svg><foreignObject><img src=x onerror=alert({M}) id=x{M}></foreignObject></svg>"#;
    Svg "svg-use-data" r#"<svg><use href="data:image/svg+xml,<svg id='a' xmlns='http://www.w3.org/2000/svg'><image href='x' onerror='alert({M})'/></svg>#a" id=x{M} /></svg>"#;
    Svg "svg-style-breakout" r#"<svg><style><img src=x onerror=alert({M}) id=x{M}></style></svg>"#;
    // MathML
    MathMl "math-href" r#"<math href="javascript:alert({M})" id=x{M}>CLICK</math>"#;
    MathMl "math-maction" r#"<math><maction actiontype=statusline xlink:href="javascript:alert({M})" id=x{M}>CLICK<mtext>x</mtext></maction></math>"#;
    MathMl "math-mglyph-style" r#"<math><mtext><table><mglyph><style><img src=x onerror=alert({M}) id=x{M}>"#;
    MathMl "math-annotation-xml" r#"<math><annotation-xml encoding="text/html"><img src=x onerror=alert({M}) id=x{M}></annotation-xml></math>"#;
    // CSS
    Css "css-expression-attr" r#"<div style="width:expression(alert({M}))" id=x{M}>e</div>"#;
    Css "css-url-javascript-attr" r#"<div style="background:url(javascript:alert({M}))" id=x{M}>u</div>"#;
    Css "css-style-url-javascript" r#"<style>body{background:url("javascript:alert({M})")}</style>"#;
    Css "css-expression-style" r#"<style>p{width:expression(alert({M}))}</style>"#;
    Css "css-moz-binding" r#"<div style="-moz-binding:url(x.xml#x{M})" id=x{M}>m</div>"#;
    Css "css-expression-text" r#"x{M};width:expression(alert({M}))"#;
    Css "css-url-text" r#"x{M};background:url(javascript:alert({M}))"#;
    // XML
    Xml "xml-cdata-end" r#"]]>x{M}"#;
    Xml "xml-cdata-inject" r#"]]><script>alert({M})</script><![CDATA["#;
    Xml "xml-nul" "x{M}\u{0}nul";
    Xml "xml-soh" "XT\u{1}x{M}";
    Xml "xml-backspace-vt-ff" "x{M}\u{8}\u{B}\u{C}";
    Xml "xml-c0-run" "\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{E}\u{F}\u{10}\u{11}\u{1A}\u{1B}\u{1F}x{M}";
    Xml "xml-del-c1" "x{M}\u{7F}\u{80}\u{85}\u{9F}";
    Xml "xml-nonchars" "x{M}\u{FFFE}\u{FFFF}";
    Xml "xml-entity-text" r#"&amp;&lt;x{M}&gt;&#x1;&#0;"#;
    Xml "xml-pi" r#"<?xml-stylesheet type="text/xsl" href="javascript:alert({M})"?>"#;
    Xml "xml-doctype" r#"<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;x{M}"#;
    Xml "xml-bidi-bom" "\u{FEFF}x{M}\u{202E}gnp.exe";
    // Parser confusion and templates
    Parser "noscript-mxss" r#"<noscript><p title="</noscript><img src=x onerror=alert({M}) id=x{M}>">"#;
    Parser "comment-mxss" r#"<!--><img src=x onerror=alert({M}) id=x{M}>-->"#;
    Parser "declarative-shadow" r#"<div><template shadowrootmode=open><img src=x onerror=alert({M}) id=x{M}></template></div>"#;
    Parser "plaintext" r#"<plaintext>x{M}"#;
    Parser "unclosed-comment" r#"x{M}<!--"#;
    Parser "iframe-srcdoc" r#"<iframe srcdoc="&lt;script&gt;parent.alert({M})&lt;/script&gt;" id=x{M}></iframe>"#;
    Parser "tera-expression" r#"{{ site.title }}{{ 7*7 }}x{M}"#;
    Parser "tera-tag" r#"{% for i in [1] %}<img src=x onerror=alert({M}) id=x{M}>{% endfor %}"#;
    Parser "js-template-literal" r#"${alert({M})}x{M}"#;
}
