/*
 * C baseline for the render benchmark: libqrencode encodes, libpng writes a 1-bit palette PNG to
 * memory, the way qrencode(1) writes its PNGs. Same options and JSON line as `qr-bench render`.
 */
#include <png.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    unsigned char *data;
    size_t length, capacity;
} buffer;

static void append(png_structp png, png_bytep data, png_size_t length) {
    buffer *out = png_get_io_ptr(png);
    if (out->length + length > out->capacity) {
        out->capacity = 2 * (out->length + length);
        out->data = realloc(out->data, out->capacity);
        if (!out->data) abort();
    }
    memcpy(out->data + out->length, data, length);
    out->length += length;
}

static void flush(png_structp png) { (void) png; }

/* Encodes and writes one PNG into out; returns the code's width in modules. */
static int render(const char *content, QRecLevel level, int size, int margin, buffer *out) {
    QRcode *code = QRcode_encodeString(content, 0, level, QR_MODE_8, 1);
    if (!code) { perror("QRcode_encodeString"); exit(1); }
    int scale = size / (code->width + 2 * margin);
    int px = (code->width + 2 * margin) * scale;
    int stride = (px + 7) / 8;
    unsigned char *row = malloc(stride);

    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (!png || !info || setjmp(png_jmpbuf(png))) { fputs("libpng failed\n", stderr); exit(1); }
    out->length = 0;
    png_set_write_fn(png, out, append, flush);
    png_color palette[2] = {{255, 255, 255}, {0, 0, 0}};
    png_set_IHDR(png, info, px, px, 1, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_PLTE(png, info, palette, 2);
    png_write_info(png, info);

    memset(row, 0, stride);
    for (int y = 0; y < margin * scale; y++) png_write_row(png, row);
    for (int y = 0; y < code->width; y++) {
        memset(row, 0, stride);
        unsigned char *module = code->data + y * code->width;
        for (int x = 0; x < code->width; x++) {
            if (module[x] & 1) {
                for (int p = (margin + x) * scale; p < (margin + x + 1) * scale; p++) {
                    row[p >> 3] |= 0x80 >> (p & 7);
                }
            }
        }
        for (int i = 0; i < scale; i++) png_write_row(png, row);
    }
    memset(row, 0, stride);
    for (int y = 0; y < margin * scale; y++) png_write_row(png, row);
    png_write_end(png, info);

    png_destroy_write_struct(&png, &info);
    free(row);
    int width = code->width;
    QRcode_free(code);
    return width;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static const char *option(int argc, char **argv, const char *name, const char *fallback) {
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i] + 2, name) == 0) return argv[i + 1];
    }
    if (!fallback) { fprintf(stderr, "missing --%s\n", name); exit(2); }
    return fallback;
}

int main(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "render") != 0) {
        fputs("usage: qrbench render --content-file F --size PX --ecc L|M|Q|H --margin N --seconds S"
              " [--warmup S] [--out F.png]\n", stderr);
        return 2;
    }
    argc--, argv++;
    FILE *file = fopen(option(argc, argv, "content-file", NULL), "rb");
    if (!file) { perror("content-file"); return 1; }
    static char content[8192];
    size_t length = fread(content, 1, sizeof content - 1, file);
    fclose(file);
    if (length > 0 && content[length - 1] == '\n') length--;
    content[length] = 0;

    const char *ecc = option(argc, argv, "ecc", NULL);
    QRecLevel level = *ecc == 'L' ? QR_ECLEVEL_L : *ecc == 'Q' ? QR_ECLEVEL_Q : *ecc == 'H' ? QR_ECLEVEL_H : QR_ECLEVEL_M;
    int size = atoi(option(argc, argv, "size", NULL));
    int margin = atoi(option(argc, argv, "margin", NULL));
    double seconds = atof(option(argc, argv, "seconds", NULL));
    double warmup = atof(option(argc, argv, "warmup", "1"));
    buffer out = {malloc(4096), 0, 4096};

    int modules = render(content, level, size, margin, &out);
    const char *path = option(argc, argv, "out", "");
    if (*path) {
        FILE *png = fopen(path, "wb");
        if (!png || fwrite(out.data, 1, out.length, png) != out.length || fclose(png)) { perror(path); return 1; }
    }
    for (double end = now() + warmup; now() < end;) render(content, level, size, margin, &out);
    long ops = 0;
    double start = now(), t;
    do {
        render(content, level, size, margin, &out);
        ops++;
        t = now();
    } while (t < start + seconds);

    int px = (modules + 2 * margin) * (size / (modules + 2 * margin));
    fprintf(stderr, "render png %d px ecc %s margin %d, %zu bytes, %d modules: %.0f ops/s\n",
            px, ecc, margin, length, modules, ops / (t - start));
    printf("{\"mode\":\"render\",\"impl\":\"c\",\"format\":\"png\",\"ecc\":\"%s\",\"margin\":%d,\"chars\":%zu,"
           "\"modules\":%d,\"px\":%d,\"bytes\":%zu,\"ops\":%ld,\"seconds\":%.3f,\"ops_per_s\":%.1f}\n",
           ecc, margin, length, modules, px, out.length, ops, t - start, ops / (t - start));
    free(out.data);
    return 0;
}
