/*
 * bcryptprimitives.dll for the Wine prefix that `cargo xtask test` runs the
 * core's Windows tests in (xtask/src/windows.rs builds it with
 * x86_64-w64-mingw32-gcc and copies it into the prefix's system32).
 *
 * Why: Rust's standard library for Windows takes its random numbers (the
 * seeds of HashMap, among others) from ProcessPrng in bcryptprimitives.dll,
 * which every Windows since 10 has. Wine 8 (Debian 12) does not ship that
 * DLL, so every test binary exits at start with code 53 and prints
 * nothing. This stand-in exports ProcessPrng and asks bcrypt's system RNG,
 * which Wine has. It is test tooling only: it never ships with the app.
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    /* BCryptGenRandom takes a ULONG length; ask in pieces so a larger
       request is filled whole. */
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
