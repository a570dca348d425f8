import Foundation
import NIOCore

/// The files of `public/`, held in memory and addressed by versioned URLs (`/aset/<digest>/style.css`).
struct PublicAssets: Sendable {
    /// Assets by path relative to `public/`.
    var files: [String: FileEntry]
    /// The first characters of each in-memory asset's digest, by path.
    var versions: [String: String]

    static let prefix = "/aset"

    /// The look the binary was built with (`public/` at build time), so that it serves its stylesheet from any folder.
    static var embedded: PublicAssets {
        var assets = PublicAssets(files: [:], versions: [:])
        let built = Date(timeIntervalSince1970: 0)
        for (path, bytes) in [
            ("style.css", PackageResources.style_css), ("lentera.js", PackageResources.lentera_js), ("lentera.svg", PackageResources.lentera_svg),
            ("sw.js", PackageResources.sw_js),
        ] {
            assets.add(path, StaticResource(bytes: ByteBuffer(bytes: bytes), contentType: ContentTypes.forPath(path), modified: built, policy: .asset))
        }
        return assets
    }

    private init(files: [String: FileEntry], versions: [String: String]) {
        self.files = files
        self.versions = versions
    }

    private mutating func add(_ relative: String, _ resource: StaticResource) {
        files[relative] = .memory(resource)
        versions[relative] = String(resource.digest.prefix(12))
    }

    /// Reads every file under a directory (`--public DIR`) over the built-in ones, so a folder holding only a
    /// `style.css` changes only the stylesheet; hidden files and symlinks leaving it are skipped. Fails when the
    /// directory cannot be read, so that a wrong path is an error at start-up, not a site without style.
    init(directory: String) throws(StartupError) {
        self = .embedded
        guard let enumerator = FileManager.default.enumerator(atPath: directory),
            let root = realpath(directory, nil).map({ pointer -> String in
                defer { free(pointer) }
                return String(cString: pointer)
            })
        else { throw StartupError(description: "public directory \(directory) cannot be read") }
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            guard let resolved = realpath(directory + "/" + relative, nil) else { continue }
            let real = String(cString: resolved)
            free(resolved)
            guard real.hasPrefix(root + "/"),
                let attributes = try? FileManager.default.attributesOfItem(atPath: real),
                attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            let modified = (attributes[.modificationDate] as? Date) ?? Date()
            let contentType = ContentTypes.forPath(relative)
            if size <= SiteBuilder.memoryFileLimit * 4, let data = FileManager.default.contents(atPath: real) {
                add(relative, StaticResource(bytes: ByteBuffer(bytes: data), contentType: contentType, modified: modified, policy: .asset))
            } else {
                files[relative] = .disk(
                    DiskFile.make(
                        path: real, size: size, modified: modified.timeIntervalSince1970, contentType: contentType, policy: .asset
                    )
                )
                versions[relative] = "0"
            }
        }
    }

    /// The versioned URL of an asset.
    func url(_ path: String) -> String {
        "\(Self.prefix)/\(versions[path] ?? "0")/\(path)"
    }
}
