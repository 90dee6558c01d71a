//! Lines of text as positioned glyphs: bidi reordering (unicode-bidi),
//! shaping (rustybuzz), font fallback per character, and measuring by the
//! shaped advances.

use unicode_bidi::BidiInfo;

use super::fonts::{FallbackFonts, FontFace};
use super::MissingGlyph;

/// What a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    /// DejaVu Sans.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
}

/// Combining marks that are drawn as glyphs of their own: Arabic vowel
/// marks and Quranic signs, and the general combining diacritics.
pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED)
}

/// Drawn for a character that no font covers: visible, never an empty box.
const PLACEHOLDER: char = '\u{FFFD}';

/// One glyph of a shaped line.
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    /// Index into [`FaceSet::faces`].
    pub face: usize,
    pub gid: u16,
    /// Position relative to the line's start and baseline, in points.
    pub x: f32,
    pub y: f32,
    /// The characters this glyph stands for, for copy and search.
    pub text: Option<String>,
}

/// A line ready to draw: glyphs left to right, its width, and whether its
/// base direction is right to left (then it aligns right).
#[derive(Debug, Clone, Default)]
pub(crate) struct ShapedLine {
    pub glyphs: Vec<Glyph>,
    pub width: f32,
    pub rtl: bool,
    /// For a line with combining marks (drawn as glyphs of their own): the
    /// characters run by run in visual order (right-to-left runs reversed),
    /// as poppler expects ActualText, which it reorders like glyph text.
    /// Empty for every other line.
    pub visual_text: String,
}

/// The faces a document uses: 0 regular, 1 bold, then fallbacks as found.
pub(crate) struct FaceSet {
    pub faces: Vec<FontFace>,
    /// Parsed shaping faces, parallel to `faces` (parsing once per document,
    /// not once per line, is what keeps a 500-row list fast).
    shapers: Vec<rustybuzz::Face<'static>>,
    fallbacks: FallbackFonts,
    /// Characters already looked up per weight: the face that has them.
    resolved: std::collections::HashMap<(char, Weight), Option<usize>>,
    /// Compiled shaping plans per face, direction and script: compiling one
    /// costs more than shaping a name with it.
    plans: std::collections::HashMap<(usize, bool, rustybuzz::Script), rustybuzz::ShapePlan>,
    /// Widths of words already measured (lists repeat schools, languages,
    /// places).
    widths: std::collections::HashMap<(String, Weight, u32), f32>,
    pub missing: Vec<MissingGlyph>,
}

impl FaceSet {
    pub fn new(regular: FontFace, bold: FontFace, fallbacks: FallbackFonts) -> Self {
        FaceSet {
            shapers: vec![regular.shaper(), bold.shaper()],
            faces: vec![regular, bold],
            fallbacks,
            resolved: Default::default(),
            plans: Default::default(),
            widths: Default::default(),
            missing: Vec::new(),
        }
    }

    /// The face for `c` in `weight`: the primary one if it has the glyph,
    /// else a fallback; `None` if no font has it.
    fn face_for(&mut self, c: char, weight: Weight) -> Option<usize> {
        let primary = match weight {
            Weight::Regular => 0,
            Weight::Bold => 1,
        };
        if c.is_control() {
            return Some(primary);
        }
        if let Some(known) = self.resolved.get(&(c, weight)) {
            return *known;
        }
        let has = |shaper: &rustybuzz::Face<'static>| shaper.glyph_index(c).is_some();
        let found = if has(&self.shapers[primary]) {
            Some(primary)
        } else {
            (2..self.shapers.len())
                .find(|&i| has(&self.shapers[i]))
                .or_else(|| {
                    self.fallbacks.find(c).map(|face| {
                        self.shapers.push(face.shaper());
                        self.faces.push(face);
                        self.faces.len() - 1
                    })
                })
        };
        self.resolved.insert((c, weight), found);
        found
    }

    /// Shapes one line (no line breaks inside) at `size` points. `field`
    /// names where the text comes from, for the missing-glyph warning.
    pub fn shape(&mut self, text: &str, weight: Weight, size: f32, field: &str) -> ShapedLine {
        if text.is_empty() {
            return ShapedLine::default();
        }
        // Resolve a face per character; replace what no font has.
        let mut line = String::with_capacity(text.len());
        let mut faces: Vec<usize> = Vec::with_capacity(text.len());
        for c in text.chars() {
            let c = if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            };
            let (c, face) = match self.face_for(c, weight) {
                Some(face) => (c, face),
                // Bidi controls (marks, embeddings, isolates) steer the
                // order and draw nothing; the shaper hides them.
                None if is_bidi_control(c) || is_invisible_modifier(c) => (c, 0),
                None => {
                    if !field.is_empty()
                        && !self
                            .missing
                            .iter()
                            .any(|m| m.character == c && m.field == field)
                    {
                        self.missing.push(MissingGlyph {
                            character: c,
                            field: field.to_owned(),
                        });
                    }
                    (PLACEHOLDER, 0)
                }
            };
            line.push(c);
            // One entry per byte, so byte offsets map straight to faces.
            faces.extend(std::iter::repeat_n(face, c.len_utf8()));
        }

        let bidi = BidiInfo::new(&line, None);
        let Some(paragraph) = bidi.paragraphs.first() else {
            return ShapedLine::default();
        };
        let rtl = paragraph.level.is_rtl();
        let (levels, runs) = bidi.visual_runs(paragraph, paragraph.range.clone());

        let mut glyphs = Vec::new();
        let mut pen = 0.0f32;
        let needs_actual_text = line.chars().any(is_combining_mark);
        let mut visual_text = String::new();
        for run in runs {
            let run_rtl = levels[run.start].is_rtl();
            if !needs_actual_text {
                // Only lines with separate mark glyphs carry ActualText.
            } else if run_rtl {
                // A right-to-left mark first, so that a vowel mark that ends
                // the word (and so starts the reversed run) stays in it.
                visual_text.push('\u{200F}');
                visual_text.extend(line[run.clone()].chars().rev());
            } else {
                visual_text.push_str(&line[run.clone()]);
            }
            // Split the run where the face changes (logical order).
            let mut segments = Vec::new();
            let mut start = run.start;
            for (offset, _) in line[run.clone()].char_indices().skip(1) {
                let at = run.start + offset;
                if faces[at] != faces[start] {
                    segments.push(start..at);
                    start = at;
                }
            }
            segments.push(start..run.end);
            if run_rtl {
                segments.reverse();
            }
            for segment in segments {
                let face = faces[segment.start];
                pen = self.shape_segment(&line[segment], face, run_rtl, size, pen, &mut glyphs);
            }
        }
        ShapedLine {
            glyphs,
            width: pen,
            rtl,
            visual_text,
        }
    }

    fn shape_segment(
        &mut self,
        text: &str,
        face_index: usize,
        rtl: bool,
        size: f32,
        mut pen: f32,
        out: &mut Vec<Glyph>,
    ) -> f32 {
        let scale = size / f32::from(self.shapers[face_index].units_per_em() as u16);
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        // One cluster per character where the font allows it: marks keep
        // their own text, so every glyph maps back to its own characters.
        buffer.set_cluster_level(rustybuzz::BufferClusterLevel::Characters);
        buffer.guess_segment_properties();
        buffer.set_direction(if rtl {
            rustybuzz::Direction::RightToLeft
        } else {
            rustybuzz::Direction::LeftToRight
        });
        let face = &self.shapers[face_index];
        let script = buffer.script();
        let plan = self
            .plans
            .entry((face_index, rtl, script))
            .or_insert_with(|| {
                rustybuzz::ShapePlan::new(face, buffer.direction(), Some(script), None, &[])
            });
        let shaped = rustybuzz::shape_with_plan(face, plan, buffer);
        let infos = shaped.glyph_infos();
        let positions = shaped.glyph_positions();

        // Cluster boundaries in logical order, to know each glyph's text.
        let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let cluster_text = |start: usize| -> &str {
            let next = starts
                .iter()
                .find(|&&s| s > start)
                .copied()
                .unwrap_or(text.len());
            &text[start..next]
        };
        let mut i = 0;
        while i < infos.len() {
            let cluster = infos[i].cluster;
            let mut j = i;
            while j < infos.len() && infos[j].cluster == cluster {
                j += 1;
            }
            let chars: Vec<char> = cluster_text(cluster as usize).chars().collect();
            let count = j - i;
            for k in i..j {
                let text = if count == 1 {
                    Some(chars.iter().collect())
                } else if count == chars.len() {
                    Some(chars[k - i].to_string())
                } else if k == i {
                    Some(chars.iter().collect())
                } else {
                    None
                };
                // A glyph for several characters (a ligature such as لا) in a
                // right-to-left run: text extractors reverse the run and,
                // with it, the glyph's characters; store them reversed so
                // they come out in logical order.
                let text = match text {
                    Some(t) if rtl && t.chars().count() > 1 => Some(t.chars().rev().collect()),
                    other => other,
                };
                let p = positions[k];
                out.push(Glyph {
                    face: face_index,
                    gid: infos[k].glyph_id as u16,
                    x: pen + p.x_offset as f32 * scale,
                    y: p.y_offset as f32 * scale,
                    text,
                });
                pen += p.x_advance as f32 * scale;
            }
            i = j;
        }
        pen
    }

    /// The width of `text` as it will be drawn.
    pub fn measure(&mut self, text: &str, weight: Weight, size: f32) -> f32 {
        let key = (text.to_owned(), weight, size.to_bits());
        if let Some(width) = self.widths.get(&key) {
            return *width;
        }
        let width = self.shape(text, weight, size, "").width;
        self.widths.insert(key, width);
        width
    }

    /// Breaks `text` into lines no wider than `max_width`, at spaces where
    /// possible, inside a word only when the word alone is too wide. Lines
    /// are measured as the sum of their words' shaped widths (spaces break
    /// joining and kerning in every script we print, so this is exact
    /// enough and shapes each word once).
    pub fn wrap(&mut self, text: &str, weight: Weight, size: f32, max_width: f32) -> Vec<String> {
        let space = self.measure(" ", weight, size);
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut current = String::new();
            let mut width = 0.0f32;
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let word_width = self.measure(word, weight, size);
                if !current.is_empty() && width + space + word_width <= max_width {
                    current.push(' ');
                    current.push_str(word);
                    width += space + word_width;
                    continue;
                }
                if !current.is_empty() {
                    lines.push(std::mem::take(&mut current));
                }
                if word_width <= max_width {
                    current = word.to_owned();
                    width = word_width;
                } else {
                    // A word wider than the line: break it by characters.
                    for c in word.chars() {
                        let mut next = current.clone();
                        next.push(c);
                        if !current.is_empty() && self.measure(&next, weight, size) > max_width {
                            lines.push(std::mem::take(&mut current));
                            current.push(c);
                        } else {
                            current = next;
                        }
                    }
                    width = self.measure(&current, weight, size);
                }
            }
            lines.push(current);
        }
        lines
    }

    /// `text` shortened with "…" so that it fits `max_width`.
    pub fn truncate(&mut self, text: &str, weight: Weight, size: f32, max_width: f32) -> String {
        if self.measure(text, weight, size) <= max_width {
            return text.to_owned();
        }
        let chars: Vec<char> = text.chars().collect();
        let (mut low, mut high) = (0usize, chars.len());
        while low < high {
            let mid = (low + high).div_ceil(2);
            let candidate: String = chars[..mid]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_owned()
                + "…";
            if self.measure(&candidate, weight, size) <= max_width {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        chars[..low]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_owned()
            + "…"
    }
}

/// Invisible characters that join or vary the character before them (the
/// joiners and variation selectors in emoji sequences): a font that lacks
/// them draws nothing, so they are neither replaced nor reported.
fn is_invisible_modifier(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// The invisible characters that steer bidi ordering: LRM, RLM, ALM, the
/// embeddings and overrides, and the isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}
