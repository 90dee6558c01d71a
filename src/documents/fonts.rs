//! The fonts a document is set in: DejaVu Sans (regular and bold, embedded
//! in the binary; it covers Latin with Turkish and Kurdish letters,
//! Cyrillic and Arabic), then fallback fonts from the system for characters
//! DejaVu lacks (CJK, emoji, ...). A character no font covers is drawn as a
//! visible placeholder and reported.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rustybuzz::ttf_parser;

/// Font files read so far (`None`: not readable or not a font).
type LoadedFiles = HashMap<PathBuf, Option<&'static [u8]>>;

/// A font file's bytes and the face index inside it.
#[derive(Clone)]
pub struct FontFace {
    /// A short name for messages and tests ("DejaVu Sans", a file name).
    pub name: String,
    bytes: &'static [u8],
    index: u32,
}

impl std::fmt::Debug for FontFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FontFace({})", self.name)
    }
}

impl FontFace {
    /// A face from bytes that live as long as the program.
    pub fn from_static(name: impl Into<String>, bytes: &'static [u8], index: u32) -> Option<Self> {
        ttf_parser::Face::parse(bytes, index).ok()?;
        Some(FontFace {
            name: name.into(),
            bytes,
            index,
        })
    }

    /// The font file's bytes.
    pub fn bytes(&self) -> &'static [u8] {
        self.bytes
    }

    /// A face read from a font file (first face of a collection). Each file
    /// is read once per process and then kept: fallback fonts are few and
    /// the shaper needs their bytes for as long as documents are made.
    pub fn from_file(path: &Path) -> Option<Self> {
        static LOADED: OnceLock<Mutex<LoadedFiles>> = OnceLock::new();
        let mut loaded = LOADED
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let bytes = *loaded.entry(path.to_path_buf()).or_insert_with(|| {
            let data = std::fs::read(path).ok()?;
            ttf_parser::Face::parse(&data, 0).ok()?;
            Some(Box::leak(data.into_boxed_slice()))
        });
        let name = path.file_name()?.to_string_lossy().into_owned();
        Self::from_static(name, bytes?, 0)
    }

    pub(crate) fn index(&self) -> u32 {
        self.index
    }

    /// A shaping face for rustybuzz.
    pub(crate) fn shaper(&self) -> rustybuzz::Face<'static> {
        rustybuzz::Face::from_slice(self.bytes, self.index)
            .expect("checked to parse when the FontFace was made")
    }

    /// Whether the face has a glyph for `c` (parses the face: for single
    /// checks; the document keeps a parsed face for its own lookups).
    pub fn covers(&self, c: char) -> bool {
        ttf_parser::Face::parse(self.bytes, self.index)
            .ok()
            .and_then(|f| f.glyph_index(c))
            .is_some()
    }
}

/// Where fallback fonts come from: a list of font files, tried in order.
/// Injected so tests do not depend on the machine's fonts.
#[derive(Debug, Clone, Default)]
pub struct FallbackFonts {
    candidates: Vec<PathBuf>,
}

impl FallbackFonts {
    /// No fallback at all: missing characters become placeholders.
    pub fn none() -> Self {
        FallbackFonts::default()
    }

    /// Exactly these files, in this order.
    pub fn from_paths(paths: impl IntoIterator<Item = PathBuf>) -> Self {
        FallbackFonts {
            candidates: paths.into_iter().collect(),
        }
    }

    /// The fonts a staff PC usually has: on Windows Segoe UI and its
    /// symbol/emoji companions, Arial, Microsoft YaHei, Nirmala UI; on Linux
    /// the Noto and DejaVu files under /usr/share/fonts.
    pub fn system() -> Self {
        let mut candidates = Vec::new();
        if cfg!(windows) {
            let dir = std::env::var_os("WINDIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(r"C:\Windows"))
                .join("Fonts");
            for file in [
                "segoeui.ttf",
                "seguisym.ttf",
                "seguiemj.ttf",
                "arial.ttf",
                "msyh.ttc",
                "Nirmala.ttf",
                "ebrima.ttf",
                "simsun.ttc",
            ] {
                candidates.push(dir.join(file));
            }
        } else {
            let mut found = Vec::new();
            for root in ["/usr/share/fonts", "/usr/local/share/fonts"] {
                collect_font_files(Path::new(root), &mut found, 4);
            }
            // Noto first (widest coverage), then the rest, each sorted for a
            // stable choice.
            found.sort_by_key(|p| {
                let name = p.to_string_lossy().to_lowercase();
                (
                    !name.contains("noto"),
                    name.contains("bold") || name.contains("italic"),
                    name,
                )
            });
            candidates = found;
        }
        FallbackFonts { candidates }
    }

    /// The first candidate that covers `c`, loaded.
    pub(crate) fn find(&self, c: char) -> Option<FontFace> {
        self.candidates
            .iter()
            .filter_map(|path| FontFace::from_file(path))
            .find(|face| face.covers(c))
    }
}

fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>, depth: u32) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if depth > 0 {
                collect_font_files(&path, out, depth - 1);
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc"))
        {
            out.push(path);
        }
    }
}

/// DejaVu Sans, the regular weight.
pub fn dejavu_regular() -> FontFace {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    let packed = include_bytes!(concat!(env!("OUT_DIR"), "/DejaVuSans.ttf.zlib"));
    embedded("DejaVu Sans", &BYTES, packed)
}

/// DejaVu Sans Bold.
pub fn dejavu_bold() -> FontFace {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    let packed = include_bytes!(concat!(env!("OUT_DIR"), "/DejaVuSans-Bold.ttf.zlib"));
    embedded("DejaVu Sans Bold", &BYTES, packed)
}

/// An embedded face, inflated into `bytes` the first time it is asked for.
fn embedded(name: &str, bytes: &'static OnceLock<Vec<u8>>, packed: &[u8]) -> FontFace {
    let bytes = bytes.get_or_init(|| inflate(packed));
    FontFace::from_static(name, bytes, 0).expect("the DejaVu font shipped in the binary parses")
}

/// The font file from the zlib stream that build.rs made of it (the fonts
/// are embedded compressed to keep the executable small; issue 21).
fn inflate(packed: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut font = Vec::with_capacity(packed.len() * 2);
    flate2::read::ZlibDecoder::new(packed)
        .read_to_end(&mut font)
        .expect("the DejaVu font shipped in the binary inflates");
    font
}
