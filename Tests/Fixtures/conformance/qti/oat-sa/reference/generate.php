<?php

/*
 * Reference scores for the vendored oat-sa/qti-sdk items (../ims/items/2_1, ../ims/items/2_2, ../custom/items).
 *
 * For every *.xml file under those folders this script loads the item with qti-sdk
 * (qtism\data\storage\xml\XmlDocument), builds a deterministic list of candidate responses, and for each
 * one runs the item's response processing with qti-sdk's runtime (qtism\runtime\tests\AssessmentItemSession +
 * qtism\runtime\processing\ResponseProcessingEngine), then records every outcome variable. It writes
 * ../expected.json (or the path given as second argument).
 *
 * Usage:  php generate.php /path/to/qti-sdk/src [output.json]
 *         (the qti-sdk checkout must be oat-sa/qti-sdk 634a9b89f3c58e37722be0906898d3da2459a2df; the default
 *         source path is $QTISDK_SRC or /tmp/qtisdk/src)
 *
 * Needs php-cli with the dom, libxml, simplexml, json and mbstring extensions. No composer dependency is
 * needed: a PSR-0 autoloader for qtism\ is registered below and the only dependency the loading path uses
 * (league/flysystem, through XmlDocument::load) is replaced by a six-line local FilesystemInterface.
 *
 * This file is part of Lentera's test fixtures; it only drives qti-sdk (GPL-2.0-only) and copies nothing from it.
 */

declare(strict_types=1);

error_reporting(E_ALL);
ini_set('serialize_precision', '-1');

$here = __DIR__;
$root = dirname($here); // .../conformance/qti/oat-sa
$sdkSrc = $argv[1] ?? (getenv('QTISDK_SRC') ?: '/tmp/qtisdk/src');
$out = $argv[2] ?? ($root . '/expected.json');
$sdkSrc = rtrim($sdkSrc, '/');
if (!is_dir($sdkSrc . '/qtism')) {
    fwrite(STDERR, "qti-sdk sources not found at {$sdkSrc} (expected {$sdkSrc}/qtism)\n");
    exit(2);
}

const SOURCE = 'oat-sa/qti-sdk 634a9b89f3c58e37722be0906898d3da2459a2df';
const RUNTIME_SEED = 20240601;   // mt_srand() before every session: template processing / shuffling use mt_rand
const MAX_CASES = 20;

spl_autoload_register(static function (string $class) use ($sdkSrc): void {
    if (strncmp($class, 'qtism\\', 6) !== 0) {
        return;
    }
    $file = $sdkSrc . '/' . str_replace('\\', '/', $class) . '.php';
    if (is_file($file)) {
        require $file;
    }
});

use qtism\common\datatypes\QtiBoolean;
use qtism\common\datatypes\QtiDatatype;
use qtism\common\datatypes\QtiDirectedPair;
use qtism\common\datatypes\QtiDuration;
use qtism\common\datatypes\QtiFloat;
use qtism\common\datatypes\QtiIdentifier;
use qtism\common\datatypes\QtiInteger;
use qtism\common\datatypes\QtiIntOrIdentifier;
use qtism\common\datatypes\QtiPair;
use qtism\common\datatypes\QtiPoint;
use qtism\common\datatypes\QtiShape;
use qtism\common\datatypes\QtiString;
use qtism\common\datatypes\QtiUri;
use qtism\common\enums\BaseType;
use qtism\common\enums\Cardinality;
use qtism\data\AssessmentItem;
use qtism\data\storage\xml\XmlDocument;
use qtism\data\storage\xml\filesystem\FilesystemException;
use qtism\data\storage\xml\filesystem\FilesystemInterface;
use qtism\runtime\common\Container;
use qtism\runtime\common\MultipleContainer;
use qtism\runtime\common\OrderedContainer;
use qtism\runtime\common\RecordContainer;
use qtism\runtime\common\ResponseVariable;
use qtism\runtime\common\Utils as RuntimeUtils;
use qtism\runtime\processing\ResponseProcessingEngine;
use qtism\runtime\rules\ProcessingCollectionException;
use qtism\runtime\tests\AssessmentItemSession;

/** Local-disk stand-in for league/flysystem (XmlDocument::load reads through a FilesystemInterface). */
final class LocalFilesystem implements FilesystemInterface
{
    public function read(string $url)
    {
        $data = @file_get_contents($url);
        if ($data === false) {
            throw new FilesystemException("File not found at path: {$url}");
        }
        return $data;
    }

    public function write(string $url, string $content): bool
    {
        throw new FilesystemException('read-only');
    }
}

/** Small deterministic PRNG (xorshift32), independent of mt_rand which qti-sdk itself uses. */
final class Rng
{
    private int $s;

    public function __construct(string $seed)
    {
        $this->s = (crc32($seed) & 0xffffffff) ?: 1;
    }

    public function next(): int
    {
        $x = $this->s;
        $x ^= ($x << 13) & 0xffffffff;
        $x ^= ($x >> 17);
        $x ^= ($x << 5) & 0xffffffff;
        $this->s = $x & 0xffffffff;
        return $this->s;
    }

    public function below(int $n): int
    {
        return $n <= 0 ? 0 : $this->next() % $n;
    }

    public function shuffle(array $a): array
    {
        for ($i = count($a) - 1; $i > 0; $i--) {
            $j = $this->below($i + 1);
            [$a[$i], $a[$j]] = [$a[$j], $a[$i]];
        }
        return $a;
    }
}

// ---------------------------------------------------------------- encoding

function baseTypeName(int $bt): ?string
{
    return $bt < 0 ? null : BaseType::getNameByConstant($bt);
}

function cardinalityName(int $c): string
{
    return Cardinality::getNameByConstant($c);
}

function encodeScalar($v)
{
    if ($v === null) {
        return null;
    }
    if ($v instanceof QtiFloat) {
        $f = $v->getValue();
        if (is_nan($f) || is_infinite($f)) {
            return is_nan($f) ? 'NaN' : ($f > 0 ? 'INF' : '-INF');
        }
        return (float)$f;
    }
    if ($v instanceof QtiInteger) {
        return (int)$v->getValue();
    }
    if ($v instanceof QtiBoolean) {
        return (bool)$v->getValue();
    }
    if ($v instanceof QtiDirectedPair || $v instanceof QtiPair) {
        return [$v->getFirst(), $v->getSecond()];
    }
    if ($v instanceof QtiPoint) {
        return [(int)$v->getX(), (int)$v->getY()];
    }
    if ($v instanceof QtiDuration) {
        return $v->getSeconds(true);
    }
    if ($v instanceof QtiIntOrIdentifier) {
        $raw = $v->getValue();
        return is_int($raw) ? $raw : (string)$raw;
    }
    if ($v instanceof QtiIdentifier || $v instanceof QtiString || $v instanceof QtiUri) {
        return (string)$v->getValue();
    }
    if (is_object($v) && method_exists($v, 'getValue')) {
        return (string)$v->getValue();
    }
    return (string)$v;
}

function encodeValue(?QtiDatatype $v)
{
    if ($v === null) {
        return null;
    }
    if ($v instanceof RecordContainer) {
        if (count($v) === 0) {
            return null;
        }
        $o = [];
        $keys = array_keys($v->getArrayCopy());
        foreach ($keys as $k) {
            $fv = $v[$k];
            $bt = $fv === null ? null : RuntimeUtils::inferBaseType($fv);
            $o[(string)$k] = ['baseType' => ($bt === false || $bt === null) ? null : baseTypeName($bt), 'value' => encodeScalar($fv)];
        }
        return (object)$o;
    }
    if ($v instanceof Container) {
        if (count($v) === 0) {
            return null;
        }
        $a = [];
        foreach ($v as $e) {
            $a[] = encodeScalar($e);
        }
        return $a;
    }
    return encodeScalar($v);
}

function encodeVariable(int $cardinality, int $baseType, ?QtiDatatype $value): array
{
    return [
        'cardinality' => cardinalityName($cardinality),
        'baseType' => baseTypeName($baseType),
        'value' => encodeValue($value),
    ];
}

function relMessage(string $m): string
{
    global $root, $sdkSrc;
    return str_replace([$root . '/', $root, $sdkSrc . '/', $sdkSrc], ['', '', 'qti-sdk/src/', 'qti-sdk/src'], $m);
}

function errorMessage(Throwable $e): string
{
    $parts = [];
    if ($e instanceof ProcessingCollectionException) {
        $inner = [];
        foreach ($e->getProcessingExceptions() as $pe) {
            $inner[] = errorMessage($pe);
        }
        $msg = $e->getMessage() . ': [' . implode(' | ', $inner) . ']';
    } else {
        $msg = $e->getMessage();
    }
    $parts[] = $msg;
    $p = $e->getPrevious();
    while ($p !== null) {
        $parts[] = $p->getMessage();
        $p = $p->getPrevious();
    }
    return relMessage(implode(' <- ', $parts));
}

// ---------------------------------------------------------------- values

function mk(int $baseType, $raw): ?QtiDatatype
{
    switch ($baseType) {
        case BaseType::IDENTIFIER:
            return new QtiIdentifier((string)$raw);
        case BaseType::STRING:
            return new QtiString((string)$raw);
        case BaseType::URI:
            return new QtiUri((string)$raw);
        case BaseType::INTEGER:
            return new QtiInteger((int)$raw);
        case BaseType::FLOAT:
            return new QtiFloat((float)$raw);
        case BaseType::BOOLEAN:
            return new QtiBoolean((bool)$raw);
        case BaseType::PAIR:
            return new QtiPair($raw[0], $raw[1]);
        case BaseType::DIRECTED_PAIR:
            return new QtiDirectedPair($raw[0], $raw[1]);
        case BaseType::POINT:
            return new QtiPoint((int)$raw[0], (int)$raw[1]);
        case BaseType::DURATION:
            return new QtiDuration('PT' . (int)$raw . 'S');
    }
    return null;
}

/** Raw PHP form of a qti datatype (for building candidates). */
function raw($v)
{
    if ($v instanceof QtiPair) { // QtiDirectedPair extends QtiPair
        return [$v->getFirst(), $v->getSecond()];
    }
    if ($v instanceof QtiPoint) {
        return [$v->getX(), $v->getY()];
    }
    if ($v instanceof QtiDuration) {
        return $v->getSeconds(true);
    }
    if (is_object($v) && method_exists($v, 'getValue')) {
        return $v->getValue();
    }
    return $v;
}

/** Build a runtime value of the variable's cardinality from a list of raw single values; null → NULL. */
function build(int $cardinality, int $baseType, ?array $raws): ?QtiDatatype
{
    if ($raws === null) {
        return null;
    }
    if ($cardinality === Cardinality::SINGLE) {
        return count($raws) === 0 ? null : mk($baseType, $raws[0]);
    }
    $vals = [];
    foreach ($raws as $r) {
        $vals[] = mk($baseType, $r);
    }
    return $cardinality === Cardinality::ORDERED ? new OrderedContainer($baseType, $vals) : new MultipleContainer($baseType, $vals);
}

function rawList(?QtiDatatype $v): ?array
{
    if ($v === null) {
        return null;
    }
    if ($v instanceof Container) {
        $a = [];
        foreach ($v as $e) {
            $a[] = raw($e);
        }
        return $a;
    }
    return [raw($v)];
}

function key_of($raws): string
{
    return json_encode($raws);
}

function uniqRaws(array $list): array
{
    $seen = [];
    $out = [];
    foreach ($list as $r) {
        $k = key_of($r);
        if (!isset($seen[$k])) {
            $seen[$k] = true;
            $out[] = $r;
        }
    }
    return $out;
}

function swapCase(string $s): string
{
    $o = '';
    foreach (mb_str_split($s, 1, 'UTF-8') as $ch) {
        $u = mb_strtoupper($ch, 'UTF-8');
        $o .= ($u === $ch) ? mb_strtolower($ch, 'UTF-8') : $u;
    }
    return $o;
}

function numNear(float $x): float
{
    return round($x, 10);
}

/** Candidate identifiers found in the interaction bound to $responseId. */
function interactionInfo(AssessmentItem $item, string $responseId): array
{
    $info = ['ids' => [], 'sources' => [], 'targets' => [], 'kind' => null, 'numbers' => []];
    $body = $item->getItemBody();
    if ($body === null) {
        return $info;
    }
    $choiceClasses = ['simpleChoice', 'inlineChoice', 'simpleAssociableChoice', 'gapText', 'gapImg', 'gap', 'hottext', 'hotspotChoice', 'associableHotspot'];
    foreach ($body->getIterator() as $c) {
        if (!method_exists($c, 'getResponseIdentifier') || $c->getResponseIdentifier() !== $responseId) {
            continue;
        }
        $cls = $c->getQtiClassName();
        $info['kind'] = $cls;
        if ($cls === 'matchInteraction') {
            $sets = $c->getSimpleMatchSets();
            foreach ($sets[0]->getSimpleAssociableChoices() as $ch) {
                $info['sources'][] = $ch->getIdentifier();
                $info['ids'][] = $ch->getIdentifier();
            }
            foreach ($sets[1]->getSimpleAssociableChoices() as $ch) {
                $info['targets'][] = $ch->getIdentifier();
                $info['ids'][] = $ch->getIdentifier();
            }
            continue;
        }
        if ($cls === 'sliderInteraction') {
            $info['numbers'] = [$c->getLowerBound(), $c->getUpperBound()];
        }
        foreach ($c->getIterator() as $d) {
            $dc = $d->getQtiClassName();
            if (in_array($dc, $choiceClasses, true)) {
                $id = $d->getIdentifier();
                $info['ids'][] = $id;
                if ($dc === 'gap' || $dc === 'associableHotspot' && $cls === 'graphicGapMatchInteraction') {
                    $info['targets'][] = $id;
                } elseif ($dc === 'gapText' || $dc === 'gapImg') {
                    $info['sources'][] = $id;
                }
            }
        }
    }
    $info['ids'] = array_values(array_unique($info['ids']));
    return $info;
}

/** Literal <baseValue>s of the given baseType in the item's responseProcessing (document order, unique). */
function rpLiterals(AssessmentItem $item, int $baseType): array
{
    $rp = $item->getResponseProcessing();
    $out = [];
    if ($rp === null) {
        return $out;
    }
    foreach ($rp->getComponentsByClassName('baseValue') as $bv) {
        if ($bv->getBaseType() === $baseType) {
            $v = raw($bv->getValue());
            if (!in_array($v, $out, true)) {
                $out[] = $v;
            }
        }
    }
    return $out;
}

function areaPoints($areaMapping): array
{
    $pts = [];
    if ($areaMapping === null) {
        return $pts;
    }
    foreach ($areaMapping->getAreaMapEntries() as $e) {
        $c = $e->getCoords()->getArrayCopy();
        switch ($e->getShape()) {
            case QtiShape::CIRCLE:
                $pts[] = [$c[0], $c[1]];               // centre
                $pts[] = [$c[0] + $c[2], $c[1]];       // on the circle (boundary)
                $pts[] = [$c[0] + $c[2] - 1, $c[1]];   // just inside
                break;
            case QtiShape::ELLIPSE:
                $pts[] = [$c[0], $c[1]];
                $pts[] = [$c[0] + $c[2], $c[1]];
                break;
            case QtiShape::RECT:
                $pts[] = [intdiv($c[0] + $c[2], 2), intdiv($c[1] + $c[3], 2)];
                $pts[] = [$c[0], $c[1]];               // corner (boundary)
                $pts[] = [$c[2] + 1, $c[3]];           // just outside
                break;
            case QtiShape::POLY:
                $n = intdiv(count($c), 2);
                $sx = 0;
                $sy = 0;
                for ($i = 0; $i < $n; $i++) {
                    $sx += $c[2 * $i];
                    $sy += $c[2 * $i + 1];
                }
                if ($n > 0) {
                    $pts[] = [intdiv($sx, $n), intdiv($sy, $n)];
                    $pts[] = [$c[0], $c[1]];           // a vertex
                }
                break;
        }
    }
    return $pts;
}

/**
 * Interesting values (each a list of raw singles, or null for NULL) for one response variable,
 * most important first.
 */
function candidates(AssessmentItem $item, ResponseVariable $var, Rng $rng, array $templateNums): array
{
    $card = $var->getCardinality();
    $bt = $var->getBaseType();
    $correct = rawList($var->getCorrectResponse());
    $info = interactionInfo($item, $var->getIdentifier());
    $mapping = $var->getMapping();
    $keys = [];
    if ($mapping !== null) {
        foreach ($mapping->getMapEntries() as $me) {
            $k = $me->getMapKey();
            $keys[] = is_object($k) ? raw($k) : $k;
        }
    }
    $cands = [];
    if ($correct !== null) {
        $cands[] = $correct;
    }
    if ($card === Cardinality::RECORD || $bt < 0) {
        return uniqRaws($cands);
    }

    switch ($bt) {
        case BaseType::IDENTIFIER:
            $ids = $info['ids'];
            foreach ($correct ?? [] as $c) {
                if (!in_array($c, $ids, true)) {
                    $ids[] = $c;
                }
            }
            foreach ($keys as $k) {
                if (!in_array($k, $ids, true)) {
                    $ids[] = $k;
                }
            }
            if ($card === Cardinality::SINGLE) {
                foreach ($ids as $id) {
                    $cands[] = [$id];
                }
                foreach ($correct ?? [] as $c) {
                    if (swapCase($c) !== $c) {
                        $cands[] = [swapCase($c)];   // identifiers are case-sensitive
                    }
                }
                $cands[] = ['NotAChoice'];
            } elseif ($card === Cardinality::MULTIPLE) {
                foreach ($keys as $k) {
                    $cands[] = [$k];
                }
                $wrong = array_values(array_diff($ids, $correct ?? []));
                if ($correct !== null && count($wrong) > 0) {
                    $cands[] = array_merge($correct, [$wrong[0]]);
                }
                if ($correct !== null && count($correct) > 1) {
                    $cands[] = array_slice($correct, 0, count($correct) - 1);
                    $cands[] = array_reverse($correct);
                }
                if (count($ids) > 0) {
                    $cands[] = $ids;
                }
                if ($correct !== null) {
                    $cands[] = array_merge($correct, [$correct[0]]); // duplicate value
                }
                foreach ($ids as $id) {
                    $cands[] = [$id];
                }
                for ($i = 0; $i < 2 && count($ids) > 2; $i++) {
                    $sh = $rng->shuffle($ids);
                    $cands[] = array_slice($sh, 0, 2 + $rng->below(count($ids) - 1));
                }
            } else { // ordered
                $base = $correct ?? $ids;
                if (count($base) > 0) {
                    $cands[] = array_reverse($base);
                    if (count($base) > 1) {
                        $sw = $base;
                        [$sw[0], $sw[1]] = [$sw[1], $sw[0]];
                        $cands[] = $sw;
                        $sw = $base;
                        $n = count($sw);
                        [$sw[$n - 2], $sw[$n - 1]] = [$sw[$n - 1], $sw[$n - 2]];
                        $cands[] = $sw;
                        $cands[] = array_merge(array_slice($base, 1), [$base[0]]); // rotation
                        $cands[] = array_slice($base, 0, count($base) - 1);      // shortened
                        $cands[] = [$base[0]];
                    }
                    $extra = array_values(array_diff($ids, $base));
                    if (count($extra) > 0) {
                        $cands[] = array_merge($base, [$extra[0]]);
                    }
                    $cands[] = $rng->shuffle($base);
                    $cands[] = $rng->shuffle($base);
                }
            }
            break;

        case BaseType::PAIR:
        case BaseType::DIRECTED_PAIR:
            $pairs = [];
            if ($bt === BaseType::DIRECTED_PAIR && count($info['sources']) > 0 && count($info['targets']) > 0) {
                foreach ($info['sources'] as $s) {
                    foreach ($info['targets'] as $t) {
                        $pairs[] = [$s, $t];
                    }
                }
            } else {
                $ids = $info['ids'];
                for ($i = 0; $i < count($ids); $i++) {
                    for ($j = $i + 1; $j < count($ids); $j++) {
                        $pairs[] = [$ids[$i], $ids[$j]];
                    }
                }
            }
            $correctSet = $correct ?? [];
            $wrongPairs = array_values(array_filter($pairs, static function ($p) use ($correctSet, $bt) {
                foreach ($correctSet as $c) {
                    if ($c === $p || ($bt === BaseType::PAIR && $c === [$p[1], $p[0]])) {
                        return false;
                    }
                }
                return true;
            }));
            if ($card === Cardinality::SINGLE) {
                foreach ($keys as $k) {
                    $cands[] = [$k];
                }
                foreach ($correctSet as $c) {
                    $cands[] = [[$c[1], $c[0]]];
                }
                foreach ($rng->shuffle($pairs) as $p) {
                    $cands[] = [$p];
                }
            } else {
                if (count($correctSet) > 0) {
                    $cands[] = array_map(static fn ($p) => [$p[1], $p[0]], $correctSet);   // swapped orientation
                    if (count($correctSet) > 1) {
                        $cands[] = array_slice($correctSet, 0, count($correctSet) - 1);
                        $cands[] = array_slice($correctSet, 1);
                    }
                    if (count($wrongPairs) > 0) {
                        $cands[] = array_merge($correctSet, [$wrongPairs[0]]);
                        $cands[] = array_merge(array_slice($correctSet, 0, count($correctSet) - 1), [$wrongPairs[$rng->below(count($wrongPairs))]]);
                    }
                    $cands[] = array_merge($correctSet, [$correctSet[0]]); // duplicate pair
                }
                foreach ($keys as $k) {
                    $cands[] = [$k];
                    $cands[] = [[$k[1], $k[0]]];
                }
                foreach (array_slice($rng->shuffle($wrongPairs), 0, 3) as $p) {
                    $cands[] = [$p];
                }
                if (count($pairs) > 1) {
                    $cands[] = array_slice($rng->shuffle($pairs), 0, min(3, count($pairs)));
                }
            }
            break;

        case BaseType::STRING:
            $strs = [];
            foreach ($correct ?? [] as $c) {
                $strs[] = $c;
            }
            foreach ($keys as $k) {
                $strs[] = (string)$k;
            }
            foreach (rpLiterals($item, BaseType::STRING) as $lit) {
                $strs[] = (string)$lit;
            }
            $strs = array_values(array_unique($strs));
            $variants = [];
            foreach ($strs as $s) {
                $variants[] = $s;
                $sc = swapCase($s);
                if ($sc !== $s) {
                    $variants[] = $sc;
                }
                $variants[] = ' ' . $s;
            }
            $variants[] = 'wrong answer';
            $variants[] = '';
            if ($card === Cardinality::SINGLE) {
                foreach ($variants as $v) {
                    $cands[] = [$v];
                }
            } else {
                foreach ($strs as $s) {
                    $cands[] = [$s];
                    $cands[] = [swapCase($s)];
                }
                if (count($strs) > 0) {
                    $cands[] = array_merge($strs, ['wrong answer']);
                    $cands[] = [$strs[0], $strs[0]];
                }
                $cands[] = ['wrong answer'];
            }
            break;

        case BaseType::INTEGER:
        case BaseType::FLOAT:
            $isFloat = $bt === BaseType::FLOAT;
            $variants = [];
            $near = static function ($n) use ($isFloat): array {
                $v = [$n];
                if ($isFloat) {
                    $v[] = numNear((float)$n + 0.01);
                    $v[] = numNear((float)$n - 0.01);
                }
                $v[] = $n + 1;
                $v[] = $n - 1;
                return $v;
            };
            $nums = [];
            foreach ($correct ?? [] as $c) {
                $nums[] = $c;
                array_push($variants, ...$near($c));
            }
            // Numeric template variables first (items whose answer is computed in templateProcessing):
            // the value, its roundings to 3 and 2 significant figures, and values 0.001 and 0.01 away.
            foreach ($templateNums as $t) {
                if ($isFloat && is_float($t) && $t != 0.0) {
                    $mag = (int)floor(log10(abs($t)));
                    array_push($variants, $t, round($t, 2 - $mag), round($t, 1 - $mag), numNear($t + 0.001), numNear($t - 0.01));
                }
            }
            foreach ($templateNums as $t) {
                if (!($isFloat && is_float($t))) {
                    $variants[] = $isFloat ? (float)$t : (int)round($t);
                }
            }
            foreach (rpLiterals($item, $bt) as $lit) {
                $variants[] = $lit;
            }
            foreach ($keys as $k) {
                $nums[] = $k;
                array_push($variants, ...$near($k));
            }
            foreach ($info['numbers'] as $n) {
                $nums[] = $n;
                array_push($variants, ...$near($n));
            }
            $variants[] = 0;
            $variants[] = -7;
            if ($isFloat) {
                $variants[] = 2.5;
            }
            if ($card === Cardinality::SINGLE) {
                foreach ($variants as $v) {
                    $cands[] = [$v];
                }
            } else {
                foreach ($strs as $s) {
                    $cands[] = [$s];
                    $cands[] = [swapCase($s)];
                }
                if (count($strs) > 0) {
                    $cands[] = array_merge($strs, ['wrong answer']);
                    $cands[] = [$strs[0], $strs[0]];
                }
                $cands[] = ['wrong answer'];
            }
            break;

        case BaseType::INTEGER:
        case BaseType::FLOAT:
            $nums = [];
            foreach ($correct ?? [] as $c) {
                $nums[] = $c;
            }
            foreach ($keys as $k) {
                $nums[] = $k;
            }
            foreach ($info['numbers'] as $n) {
                $nums[] = $n;
            }
            // Template variables of numeric type (items whose answer is computed in templateProcessing).
            foreach ($templateNums as $t) {
                $nums[] = $bt === BaseType::INTEGER ? (int)round($t) : $t;
                if ($bt === BaseType::FLOAT && $t != 0) {
                    $mag = (int)floor(log10(abs($t)));
                    $nums[] = round($t, 2 - $mag);      // 3 significant figures
                    $nums[] = round($t, 1 - $mag);      // 2 significant figures
                    $nums[] = numNear($t + 0.001);
                }
            }
            $variants = [];
            foreach ($nums as $n) {
                $variants[] = $n;
                if ($bt === BaseType::FLOAT) {
                    $variants[] = numNear((float)$n + 0.01);
                    $variants[] = numNear((float)$n - 0.01);
                }
                $variants[] = $n + 1;
                $variants[] = $n - 1;
            }
            $variants[] = 0;
            $variants[] = -7;
            if ($bt === BaseType::FLOAT) {
                $variants[] = 2.5;
            }
            if ($card === Cardinality::SINGLE) {
                foreach ($variants as $v) {
                    $cands[] = [$bt === BaseType::FLOAT ? (float)$v : (int)$v];
                }
            } else {
                foreach ($nums as $n) {
                    $cands[] = [$bt === BaseType::FLOAT ? (float)$n : (int)$n];
                }
                if (count($nums) > 0) {
                    $cands[] = array_merge($nums, [$nums[0] + 1]);
                    $cands[] = array_reverse($nums);
                }
            }
            break;

        case BaseType::POINT:
            $pts = areaPoints($var->getAreaMapping());
            foreach ($correct ?? [] as $c) {
                $pts[] = $c;
                $pts[] = [$c[0] + 1, $c[1]];
            }
            $pts[] = [-5, -5];
            $pts = uniqRaws($pts);
            if ($card === Cardinality::SINGLE) {
                foreach ($pts as $p) {
                    $cands[] = [$p];
                }
            } else {
                foreach ($pts as $p) {
                    $cands[] = [$p];
                }
                if (count($pts) > 1) {
                    $cands[] = $pts;
                    $cands[] = [$pts[0], $pts[0]];
                    $cands[] = array_slice($rng->shuffle($pts), 0, 2);
                }
            }
            break;

        case BaseType::BOOLEAN:
            $cands[] = [true];
            $cands[] = [false];
            break;

        case BaseType::DURATION:
            $cands[] = [0];
            $cands[] = [30];
            break;

        default:
            // file, uri, intOrIdentifier: only NULL and the correct response.
            break;
    }

    $cands = array_values(array_filter($cands, static fn ($c) => $c !== null && ($card !== Cardinality::SINGLE || count($c) === 1)));
    return uniqRaws($cands);
}

// ---------------------------------------------------------------- sessions

function newSession(AssessmentItem $item): AssessmentItemSession
{
    mt_srand(RUNTIME_SEED);
    $s = new AssessmentItemSession($item);
    $s->beginItemSession();
    $s->beginAttempt();
    return $s;
}

/** Outcome identifiers to record: the declared ones (declaration order), plus completionStatus when relevant. */
function outcomeIds(AssessmentItem $item, string $xml): array
{
    $ids = [];
    foreach ($item->getOutcomeDeclarations() as $od) {
        $ids[] = $od->getIdentifier();
    }
    if (!in_array('completionStatus', $ids, true) && ($item->isAdaptive() || strpos($xml, 'completionStatus') !== false)) {
        $ids[] = 'completionStatus';
    }
    return $ids;
}

function runCase(AssessmentItem $item, array $outIds, array $respDecls, array $case): array
{
    $responses = [];
    $error = null;
    $outcomes = [];
    try {
        $s = newSession($item);
        foreach ($respDecls as $id => [$card, $bt]) {
            $value = build($card, $bt, $case[$id]);
            $responses[$id] = encodeVariable($card, $bt, $value);
            $s[$id] = $value;
        }
        // Same as AssessmentItemSession::endAttempt(): non-adaptive items get their outcomes reset to the
        // defaults before response processing, then the engine runs over the session.
        if ($item->isAdaptive() === false) {
            $s->resetOutcomeVariables();
        }
        $rp = $item->getResponseProcessing();
        try {
            if ($rp !== null && ($rp->hasTemplate() || $rp->hasTemplateLocation() || count($rp->getResponseRules()) > 0)) {
                $engine = new ResponseProcessingEngine($rp, $s);
                $engine->process();
            }
        } catch (Throwable $e) {
            $error = errorMessage($e);
        }
        foreach ($outIds as $oid) {
            $v = $s->getVariable($oid);
            $outcomes[$oid] = $v === null ? null : encodeVariable($v->getCardinality(), $v->getBaseType(), $v->getValue());
        }
    } catch (Throwable $e) {
        $error = errorMessage($e);
    }
    if (count($outcomes) === 0) {
        $outcomes = (object)[];
    }
    if (count($responses) === 0) {
        $responses = (object)[];
    }
    return ['responses' => $responses, 'outcomes' => $outcomes, 'error' => $error];
}

function processItem(string $root, string $rel): array
{
    $path = $root . '/' . $rel;
    $entry = ['file' => $rel, 'error' => null];
    $xml = file_get_contents($path);
    try {
        $doc = new XmlDocument();
        $doc->setFilesystem(new LocalFilesystem());
        $doc->load($path);
        $item = $doc->getDocumentComponent();
        if (!$item instanceof AssessmentItem) {
            $entry['error'] = 'not an assessmentItem: the root element is <' . $item->getQtiClassName() . '>';
            $entry['cases'] = [];
            return $entry;
        }
        $doc->resolveTemplateLocation();
    } catch (Throwable $e) {
        $entry['error'] = errorMessage($e);
        $entry['cases'] = [];
        return $entry;
    }

    try {
        $probe = newSession($item);
    } catch (Throwable $e) {
        $entry['error'] = errorMessage($e);
        $entry['cases'] = [];
        return $entry;
    }

    // Response processing that draws random values (<random>, <randomInteger>, <randomFloat>): the outcomes
    // are those of qti-sdk's mt_rand sequence after mt_srand(RUNTIME_SEED) and template processing.
    $rp = $item->getResponseProcessing();
    if ($rp !== null && count($rp->getComponentsByClassName(['random', 'randomInteger', 'randomFloat'])) > 0) {
        $entry['responseProcessingUsesRandom'] = true;
    }

    // Template variables after template processing (same in every case: mt_srand(RUNTIME_SEED) before each session).
    if (count($item->getTemplateDeclarations()) > 0) {
        $tv = [];
        foreach ($item->getTemplateDeclarations() as $td) {
            $v = $probe->getVariable($td->getIdentifier());
            $tv[$td->getIdentifier()] = encodeVariable($v->getCardinality(), $v->getBaseType(), $v->getValue());
        }
        $entry['templateVariables'] = $tv;
    }

    $templateNums = [];
    foreach ($item->getTemplateDeclarations() as $td) {
        $v = $probe->getVariable($td->getIdentifier());
        if ($v->getCardinality() === Cardinality::SINGLE && ($v->getValue() instanceof QtiFloat || $v->getValue() instanceof QtiInteger)) {
            $templateNums[] = $v->getValue()->getValue();
        }
    }
    $rng = new Rng($rel);
    $respDecls = [];
    $cands = [];
    $corrects = [];
    foreach ($item->getResponseDeclarations() as $rd) {
        $id = $rd->getIdentifier();
        $var = $probe->getVariable($id);
        $respDecls[$id] = [$var->getCardinality(), $var->getBaseType()];
        $corrects[$id] = rawList($var->getCorrectResponse());
        $cands[$id] = candidates($item, $var, $rng, $templateNums);
    }

    // Cases: all NULL; all correct; then round-robin over each response's candidates, the other responses
    // alternately at their correct value and NULL.
    $cases = [];
    $seen = [];
    $add = static function (array $c) use (&$cases, &$seen): void {
        $k = json_encode($c);
        if (!isset($seen[$k])) {
            $seen[$k] = true;
            $cases[] = $c;
        }
    };
    $allNull = [];
    $allCorrect = [];
    foreach ($respDecls as $id => $_) {
        $allNull[$id] = null;
        $allCorrect[$id] = $corrects[$id];
    }
    $add($allNull);
    $add($allCorrect);
    $ids = array_keys($respDecls);
    $pos = array_fill_keys($ids, 0);
    $n = 0;
    $progress = true;
    while (count($cases) < MAX_CASES && $progress) {
        $progress = false;
        foreach ($ids as $id) {
            if ($pos[$id] >= count($cands[$id])) {
                continue;
            }
            $progress = true;
            $c = [];
            foreach ($ids as $other) {
                $c[$other] = ($pos[$id] % 2 === 0) ? $corrects[$other] : null;
            }
            $c[$id] = $cands[$id][$pos[$id]];
            $pos[$id]++;
            $n++;
            $add($c);
            if (count($cases) >= MAX_CASES) {
                break;
            }
        }
    }

    $outIds = outcomeIds($item, $xml);
    $entry['cases'] = [];
    foreach ($cases as $c) {
        $entry['cases'][] = runCase($item, $outIds, $respDecls, $c);
    }
    return $entry;
}

// ---------------------------------------------------------------- output

const JSON_FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR;

/**
 * Pretty-printed JSON, two-space indent, with every variable ({"cardinality", "baseType", "value"}) on one line
 * so that a case stays readable and the file stays small.
 */
function prettyJson($v, string $indent): string
{
    if (is_object($v)) {
        $v = (array)$v;
        if (count($v) === 0) {
            return '{}';
        }
    }
    if (!is_array($v)) {
        return json_encode($v, JSON_FLAGS);
    }
    $isList = array_keys($v) === range(0, count($v) - 1);
    if (!$isList && array_key_exists('cardinality', $v) && array_key_exists('value', $v)) {
        return json_encode($v, JSON_FLAGS);
    }
    if (count($v) === 0) {
        return '[]';
    }
    $inner = $indent . '  ';
    $parts = [];
    foreach ($v as $k => $e) {
        $parts[] = $inner . ($isList ? '' : json_encode((string)$k, JSON_FLAGS) . ': ') . prettyJson($e, $inner);
    }
    return ($isList ? '[' : '{') . "\n" . implode(",\n", $parts) . "\n" . $indent . ($isList ? ']' : '}');
}

// ---------------------------------------------------------------- main

$files = [];
foreach (['ims/items/2_1', 'ims/items/2_2', 'custom/items'] as $dir) {
    $it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($root . '/' . $dir, FilesystemIterator::SKIP_DOTS));
    foreach ($it as $f) {
        if ($f->isFile() && substr($f->getFilename(), -4) === '.xml') {
            $files[] = substr($f->getPathname(), strlen($root) + 1);
        }
    }
}
sort($files, SORT_STRING);

$items = [];
foreach ($files as $rel) {
    $items[] = processItem($root, $rel);
}

$doc = [
    'source' => SOURCE,
    'evaluator' => 'qti-sdk ResponseProcessingEngine (PHP ' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION . ')',
    'items' => $items,
];
$json = prettyJson($doc, '');
file_put_contents($out, $json . "\n");

$nItems = count($items);
$nErr = count(array_filter($items, static fn ($i) => $i['error'] !== null));
$nCases = array_sum(array_map(static fn ($i) => count($i['cases']), $items));
$nCaseErr = array_sum(array_map(static fn ($i) => count(array_filter($i['cases'], static fn ($c) => $c['error'] !== null)), $items));
fwrite(STDERR, "items: {$nItems}, item errors: {$nErr}, cases: {$nCases}, case errors: {$nCaseErr}\n");
