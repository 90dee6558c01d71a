//! Compresses the two DejaVu Sans faces that the documents are set in
//! (src/documents/fonts.rs) before they are embedded: 1.4 MB of TrueType
//! become about 0.7 MB of zlib stream, which the program inflates once, the
//! first time it sets a document. The Windows executable was above its
//! 15 MB budget with the fonts stored as they are (issue 21); the inflating
//! code is already in the program (flate2 reads and writes workbooks).

use std::io::Write;
use std::path::Path;

fn main() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let out = Path::new(&out);
    compress(dejavu::sans::regular(), &out.join("DejaVuSans.ttf.zlib"));
    compress(dejavu::sans::bold(), &out.join("DejaVuSans-Bold.ttf.zlib"));
    println!("cargo::rerun-if-changed=build.rs");
}

fn compress(font: &[u8], target: &Path) {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(font).expect("compressing into memory");
    let packed = encoder.finish().expect("compressing into memory");
    std::fs::write(target, packed).expect("writing into OUT_DIR");
}
