import CompressNIO
import NIOCore
import Synchronization

/// One gzip member joined from pieces of text compressed apart (the way zlib's `gzjoin` and pigz join them): a page's
/// static parts are compressed once, a request's personal parts on their own, and the answer is their concatenation.
///
/// Each piece is raw deflate ending in a sync flush: blocks that are not final, ending on a byte boundary, whose
/// back-references stay inside the piece, so pieces can follow one another in any order. The result is one member
/// with one CRC, not one member per piece: RFC 1952 allows several, but browsers read only the first and drop the
/// rest (Chromium's `GzipSourceStream` ignores the bytes after the first trailer).
enum GzipSplice {
    /// Text with its deflate blocks and what the gzip trailer needs of it.
    struct Piece: Sendable {
        /// The text itself, for answers without gzip.
        var text: ByteBuffer
        /// Raw deflate blocks of `text`, none final, ending on a byte boundary; empty for empty text.
        var deflated: ByteBuffer
        /// The CRC-32 of `text`.
        var crc: UInt32
        /// ``CRC32/shift(byteCount:)`` of `text`'s length.
        var shift: UInt32
    }

    /// For static parts: compressed once per page and language, so as small as zlib makes them.
    static let staticConfiguration = ZlibConfiguration(windowSize: 15, compressionLevel: 9, memoryLevel: 9)
    /// For a request's parts, a few hundred bytes each: a 2 KB window (2^11) and about 24 KB of state (memory level
    /// 5), where the default would allocate some 256 KB per request.
    static let fragmentConfiguration = ZlibConfiguration(windowSize: 11, compressionLevel: 6, memoryLevel: 5)

    /// The gzip header: magic, deflate, no flags, no time, no extra flags, Unix (RFC 1952).
    static let header: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]
    /// An empty final block with fixed codes (BFINAL 1, BTYPE 01, end of block), which ends the deflate stream.
    static let finalBlock: [UInt8] = [0x03, 0x00]

    /// A raw deflate stream for ``piece(_:stream:)``.
    static func stream(_ configuration: ZlibConfiguration) throws -> ZlibCompressor {
        try ZlibCompressor(algorithm: .deflate, configuration: configuration)
    }

    /// Compresses `text` on its own, then resets `stream` for the next piece (one zlib allocation for many pieces).
    static func piece(_ text: ByteBuffer, stream: ZlibCompressor) throws -> Piece {
        let crc = CRC32.checksum(text)
        let shift = CRC32.shift(byteCount: text.readableBytes)
        guard text.readableBytes > 0 else { return Piece(text: text, deflated: ByteBuffer(), crc: crc, shift: shift) }
        var input = text
        var output = ByteBufferAllocator().buffer(capacity: stream.maxSize(from: input))
        try stream.deflate(from: &input, to: &output, flush: .sync)
        try stream.reset()
        // With room for deflateBound and the flush, zlib takes all the input and finishes the flush.
        guard input.readableBytes == 0, output.writableBytes > 0 else { throw CompressNIOError.bufferOverflow }
        return Piece(text: text, deflated: output, crc: crc, shift: shift)
    }

    /// The gzip member of the pieces' texts in order: header, the pieces' blocks, the final block, CRC-32 and length.
    static func member(_ pieces: [Piece]) -> ByteBuffer {
        var crc: UInt32 = 0
        var length = 0
        var size = header.count + finalBlock.count + 8
        for piece in pieces {
            crc = CRC32.combine(crc, piece.crc, secondShift: piece.shift)
            length += piece.text.readableBytes
            size += piece.deflated.readableBytes
        }
        var member = ByteBufferAllocator().buffer(capacity: size)
        member.writeBytes(header)
        for piece in pieces { member.writeImmutableBuffer(piece.deflated) }
        member.writeBytes(finalBlock)
        member.writeInteger(crc, endianness: .little)
        member.writeInteger(UInt32(truncatingIfNeeded: length), endianness: .little)
        return member
    }

    /// Personal fragments as compressed, by their text: a learner who opens a page again gets the fragments they got
    /// last time (``FragmentCache``), and their compression is kept with them. A piece depends on its text alone, so
    /// the text is the whole key, compared with `==`; at most ``limit`` are kept, and the cache starts again when full.
    final class Pieces: Sendable {
        static let limit = 4_096
        private let stored = Mutex<[String: Piece]>([:])

        /// The piece of `text`, kept or made by `make` and kept.
        func piece(_ text: String, make: () throws -> Piece) rethrows -> Piece {
            if let kept = stored.withLock({ $0[text] }) { return kept }
            let piece = try make()
            stored.withLock { pieces in
                if pieces.count >= Self.limit { pieces.removeAll(keepingCapacity: true) }
                pieces[text] = piece
            }
            return piece
        }

        /// How many pieces are kept.
        var count: Int { stored.withLock { $0.count } }
    }
}
