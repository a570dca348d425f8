import NIOCore
import Testing

@testable import LenteraWeb

/// The one reader of query strings and urlencoded bodies, and the encoder of the links the server writes.
@Suite struct FormFieldsTests {
    @Test func urlEncodedFormsDecodeLikeBrowsersSendThem() {
        let form = FormFields("nama=Budi+Santoso%2C+S.Kom.&komentar=50%25+%zz&x=1&x=2&kosong=&tanda")
        #expect(form["nama"] == "Budi Santoso, S.Kom.")
        #expect(form["komentar"] == "50% %zz")  // an invalid escape is kept as written
        #expect(form["x"] == "1")  // the first of repeated fields
        #expect(form["kosong"] == "")
        #expect(form["tanda"] == "")
        #expect(FormFields("kata=%E2%80%94%20ok")["kata"] == "— ok")
    }

    @Test func aPlusIsASpaceAndAnEncodedPlusIsAPlus() {
        let form = FormFields("q=pembinaan+asn&r=pembinaan%20asn&s=1%2B1%3D2&t=a+%2B+b&u=++")
        #expect(form["q"] == "pembinaan asn")
        #expect(form["r"] == "pembinaan asn")
        #expect(form["s"] == "1+1=2")
        #expect(form["t"] == "a + b")
        #expect(form["u"] == "  ")
    }

    @Test func percentSequencesAreReadAsUTF8() {
        #expect(FormFields("kota=Caf%C3%A9")["kota"] == "Café")
        #expect(FormFields("kota=caf%c3%a9")["kota"] == "café")  // hex digits in either case
        #expect(FormFields("x=%FF")["x"] == "\u{FFFD}")  // a byte that is not UTF-8
    }

    @Test func aPercentWithoutTwoHexDigitsIsKeptAsWritten() {
        let form = FormFields("a=%&b=50%&c=%4&d=%zz1&e=%%41&f=%4G")
        #expect(form["a"] == "%")
        #expect(form["b"] == "50%")
        #expect(form["c"] == "%4")
        #expect(form["d"] == "%zz1")
        #expect(form["e"] == "%A")
        #expect(form["f"] == "%4G")
    }

    @Test func namesAreSplitAtTheFirstEqualsSignAndDecodedLikeValues() {
        let form = FormFields("&tanda&&kosong=&=tanpa-nama&a=b=c&Sp%61si+x=1&p=1;q=2")
        #expect(form["tanda"] == "")  // a name without `=` has the empty value
        #expect(form["kosong"] == "")
        #expect(form[""] == "tanpa-nama")
        #expect(form["a"] == "b=c")
        #expect(form["Spasi x"] == "1")
        #expect(form["p"] == "1;q=2")  // `;` separates nothing
        #expect(form.values.count == 6)  // the empty pieces between `&&` are no fields
    }

    @Test func aRepeatedNameReadsAsItsFirstValueAndAllOfThemInOrder() {
        let form = FormFields("x=1&y=&x=2&x=3")
        #expect(form["x"] == "1")
        #expect(form.all("x") == ["1", "2", "3"])
        #expect(form.all("y") == [""])
        #expect(form.all("z").isEmpty)
    }

    @Test func aBodyReadsAsTheSameTextInAQueryString() {
        // lentera.js sends heartbeats and autosaves with URLSearchParams, which writes a space as `+`.
        let text = "sesi=abc+def&urutan=3&csrf=x%2By"
        let body = FormFields(ByteBuffer(string: text), contentType: "application/x-www-form-urlencoded;charset=UTF-8")
        #expect(body.values == FormFields(text).values)
        #expect(body["sesi"] == "abc def" && body["urutan"] == "3" && body["csrf"] == "x+y")
    }

    @Test func encodedValuesReadBackAsTheyWere() {
        let values = [
            "pembinaan asn", "1+1=2 & 50%", "Pemprov Uji > Kab 7", "/kursus/caf%C3%A9?x=1#y", "Café — ñ 日本", "", "~-._", "%zz", "a\u{0}b",
        ]
        for value in values {
            let encoded = FormFields.encode(value)
            #expect(encoded.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~%".contains($0)) }, "\(encoded)")
            #expect(FormFields("k=" + encoded + "&l=1")["k"] == value, "\(value)")
        }
        #expect(FormFields.encode("Pemkab Sleman > BKPSDM") == "Pemkab%20Sleman%20%3E%20BKPSDM")
        #expect(FormFields.encode("/beranda") == "%2Fberanda")
        #expect(FormFields.encode("é") == "%C3%A9")
    }
}
