//! The safety step of the body parser: raw HTML becomes text, and links and images
//! with unsafe schemes lose their address, each with a warning at its place.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Cx, LinkRef, is_safe_url};

impl Cx<'_, '_> {
    /// Raw HTML becomes text; links and images with unsafe schemes lose the link.
    /// `None` for an event dropped.
    pub(super) fn sanitise(&mut self, e: Event<'static>, at: usize) -> Option<Event<'static>> {
        Some(match e {
            Event::Start(Tag::HtmlBlock) => {
                self.warned = false;
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell) => {
                self.warned = false;
                e
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if !self.warned {
                    let shown: String = html.trim().chars().take(40).collect();
                    self.warn(at, format!("raw HTML is not rendered: `{shown}`"), "it is shown as text; write Markdown instead (captures are untrusted, so HTML is never passed through)");
                    self.warned = true;
                }
                Event::Text(html)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let unsafe_link = !is_safe_url(&dest_url);
                self.dropped_links.push(unsafe_link);
                if unsafe_link {
                    self.warn(
                        at,
                        format!("link to an unsafe address removed: `{dest_url}`"),
                        "only http, https, mailto and relative links are kept",
                    );
                    return None;
                }
                let pos = self.pos(at);
                self.links.push(LinkRef {
                    dest: dest_url.to_string(),
                    wiki: matches!(link_type, pulldown_cmark::LinkType::WikiLink { .. }),
                    pos,
                });
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => {
                if self.dropped_links.pop().unwrap_or(false) {
                    return None;
                }
                e
            }
            Event::Start(Tag::Image { ref dest_url, .. }) if !is_safe_url(dest_url) => {
                self.warn(
                    at,
                    format!("image with an unsafe address removed: `{dest_url}`"),
                    "only http, https and relative image addresses are kept",
                );
                Event::Start(Tag::Image {
                    link_type: pulldown_cmark::LinkType::Inline,
                    dest_url: CowStr::Borrowed(""),
                    title: CowStr::Borrowed(""),
                    id: CowStr::Borrowed(""),
                })
            }
            other => other,
        })
    }
}
