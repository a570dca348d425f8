import ArgumentParser
import Foundation

/// `serve`'s options from the environment (`LENTERA_PORT`) and a config file (`port = 8080`), so that a systemd unit
/// needs no secrets and no long command line. The options are read from `Serve` itself, so a new option is
/// configurable everywhere without being listed again.
enum ServeSettings {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// One option of `serve`: its name on the command line, and whether it is a flag or repeatable.
    struct Setting {
        var name: String
        var isFlag: Bool
        var isRepeatable: Bool

        var environmentName: String {
            // The database's URL is named as other tools name theirs.
            name == "database" ? "LENTERA_DATABASE_URL" : "LENTERA_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
        }
    }

    static let settings: [Setting] = Mirror(reflecting: Serve()).children.compactMap { child in
        guard let label = child.label, label.hasPrefix("_") else { return nil }
        let type = String(describing: Swift.type(of: child.value))
        // As ArgumentParser names options: a dash where a lower-case letter meets an upper-case one (`baseURL` is
        // `base-url`, `maxConnections` is `max-connections`).
        var name = ""
        var previous: Character?
        for character in label.dropFirst() {
            if character.isUppercase, let previous, previous.isLowercase || previous.isNumber { name += "-" }
            name += character.lowercased()
            previous = character
        }
        return Setting(name: name, isFlag: type.hasPrefix("Flag<"), isRepeatable: type.contains("Array<"))
    }

    /// The command line with every `serve` option it lacks filled in from the environment, then the config file.
    static func completed(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String] {
        var arguments = arguments
        if arguments.isEmpty || (arguments[0].hasPrefix("-") && !["-h", "--help", "--version"].contains(arguments[0])) {
            arguments.insert("serve", at: 0)
        }
        guard arguments.first == "serve", !arguments.contains(where: { ["-h", "--help"].contains($0) }) else { return arguments }
        let given = Set(arguments.compactMap { argument -> String? in
            guard argument.hasPrefix("--") else { return nil }
            return String(argument.dropFirst(2).split(separator: "=", maxSplits: 1).first ?? "")
        })
        var file: [String: [String]] = [:]
        let configPath = value(of: "config", in: arguments) ?? environment["LENTERA_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        if let configPath { file = try read(configPath) }
        for setting in settings where setting.name != "config" && !given.contains(setting.name) {
            let values: [String]
            if let text = environment[setting.environmentName], !text.isEmpty {
                values = setting.isRepeatable ? text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : [text]
            } else if let fromFile = file[setting.name] {
                values = fromFile
            } else {
                continue
            }
            if setting.isFlag {
                guard let last = values.last, let on = ["true": true, "1": true, "yes": true, "false": false, "0": false, "no": false][last.lowercased()] else {
                    throw Problem(description: "\(setting.name) is true or false")
                }
                if on { arguments.append("--" + setting.name) }
            } else {
                for value in setting.isRepeatable ? values : [values.last!] { arguments += ["--" + setting.name, value] }
            }
        }
        return arguments
    }

    static func value(of name: String, in arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument == "--" + name, index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix("--\(name)=") { return String(argument.dropFirst(name.count + 3)) }
        }
        return nil
    }

    /// A config file: `name = value` lines, `#` comments; an unknown name is an error naming file and line.
    static func read(_ path: String) throws -> [String: [String]] {
        guard let data = FileManager.default.contents(atPath: path) else { throw Problem(description: "cannot read the config file \(path)") }
        let known = Dictionary(settings.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var values: [String: [String]] = [:]
        // Lines by Unicode scalar: a file saved on Windows ends its lines in "\r\n", one Swift character that is not "\n",
        // and read by characters the whole file was one line, skipped as a comment when it began with one.
        var text = String(decoding: data, as: UTF8.self)
        // A byte-order mark, as Notepad saves one, is no part of the first line.
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        for (number, raw) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(String.UnicodeScalarView(raw)).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let setting = known[parts[0].hasPrefix("--") ? String(parts[0].dropFirst(2)) : parts[0]], setting.name != "config"
            else {
                throw Problem(description: "\(path):\(number + 1): expected `name = value` with a serve option's name, found \(line)")
            }
            var value = parts[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            values[setting.name, default: []].append(value)
        }
        return values
    }
}
