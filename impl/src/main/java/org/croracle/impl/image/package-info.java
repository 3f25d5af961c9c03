/**
 * The binary checkpoint image: its records ({@link org.croracle.impl.image.ImageRecord}), the
 * writer checkpoint uses ({@link org.croracle.impl.image.ImageWriter}), the reader restart and
 * {@code ckptinfo} use ({@link org.croracle.impl.image.ImageReader}), the object-discipline checker
 * ({@link org.croracle.impl.image.ImageChecker}) and a JSON form ({@link org.croracle.impl.image.ImageJson}).
 *
 * <p>The framing follows linux-cr's {@code struct ckpt_hdr}: {@code {u32 type, u32 len}} then the
 * payload, every record 8-byte aligned, little-endian. The format itself is described field by
 * field in {@code docs/image-format.md}; the reader treats every image as hostile input.
 */
package org.croracle.impl.image;
