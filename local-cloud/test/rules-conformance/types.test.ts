// Every type of the rules language through the server: a representative case per documented method
// and operator of String, Integer, Float, Boolean, Bytes, List, Map, MapDiff, Set, Timestamp,
// Duration, LatLng and Path, and the math, hashing, timestamp, duration, latlng and debug functions.
// Each case is a get whose condition is true exactly when the documented result holds.
import type { Case } from './cases.ts';
import { DOCS, cite, errs, expr } from './cases.ts';
import { runCases } from './cases.ts';

const ref = (page: string, quote: string) => cite(DOCS.ref(page), quote);
const on = (page: string, cases: readonly (readonly [string, string, string])[]): Case[] =>
  cases.map(([title, quote, condition]) => expr(title, ref(page, quote), condition));

const strings = on('rules.String', [
  [
    '== on strings',
    'Strings can be lexicographically compared using the ==, !=, >, <, >= and <= operators.',
    "'abc' == 'abc' && 'abc' != 'abd'",
  ],
  [
    '< and >= on strings',
    'Strings can be lexicographically compared using the ==, !=, >, <, >= and <= operators.',
    "'a' < 'b' && 'ab' > 'a' && 'abc' >= 'abc' && 'abc' <= 'abd'",
  ],
  [
    '+ concatenates strings',
    "Strings can be concatenated using the + operator: 'username' + '@domain.com'",
    "'username' + '@domain.com' == 'username@domain.com'",
  ],
  [
    '[] indexes a string',
    "Sub-strings can be accessed using the index operator []: mystring[0] == 'a'",
    "'abc'[0] == 'a'",
  ],
  [
    '[i:j] takes a substring',
    "They can also be accessed using the range operator [i:j]: mystring[0:3] == 'abc'",
    "'abcdef'[0:3] == 'abc'",
  ],
  [
    'the upper bound of [i:j] is not inclusive',
    'Note that parameter j, the upper bound in the range operator, is not inclusive.',
    "'abc'[1:2] == 'b'",
  ],
  [
    'string() of bool and int',
    'string(true) == "true" string(1) == "1"',
    "string(true) == 'true' && string(1) == '1'",
  ],
  [
    'string() of float and null',
    'string(2.0) == "2.0" string(null) == "null"',
    "string(2.0) == '2.0' && string(null) == 'null'",
  ],
  ['lower()', "'ABC'.lower() == 'abc'", "'ABC123'.lower() == 'abc123'"],
  ['upper()', "'abc'.upper() == 'ABC'", "'abc123'.upper() == 'ABC123'"],
  [
    'matches() on a match',
    "'user@domain.com'.matches('.*@domain[.]com') == true",
    "'user@domain.com'.matches('.*@domain[.]com')",
  ],
  [
    'matches() tests the whole string',
    'Performs a regular expression match on the whole string.',
    "!'xabcx'.matches('abc') && !'banana'.matches('.*@domain[.]com')",
  ],
  [
    'replace() every match',
    '\'banana\'.replace("a", "o") == \'bonono\'',
    "'banana'.replace('a', 'o') == 'bonono'",
  ],
  [
    'replace() with a longer pattern',
    '\'banana\'.replace("ana", "ee") == \'beena\'',
    "'banana'.replace('ana', 'ee') == 'beena'",
  ],
  [
    'replace() takes a regular expression',
    "'foo@test.com'.replace(\".\", \"-\") == '---------------' // '.' regex match all",
    "'foo@test.com'.replace('.', '-') == '------------'",
  ],
  [
    'size() counts characters',
    "'a'.size() == 1 'abc'.size() == 3",
    "'a'.size() == 1 && 'abc'.size() == 3",
  ],
  ['split()', "'a/b/c'.split('/') == ['a', 'b', 'c']", "'a/b/c'.split('/') == ['a', 'b', 'c']"],
  ['toUtf8()', "'**'.toUtf8() == b'\\x2A\\x2A'", "'**'.toUtf8() == b'\\x2A\\x2A'"],
  [
    'toUtf8() of a multi-byte character',
    "'€'.toUtf8() == b'\\xE2\\x82\\xAC'",
    "'€'.toUtf8() == b'\\xE2\\x82\\xAC'",
  ],
  [
    'trim()',
    'Returns a version of the string with leading and trailing spaces removed.',
    "' a '.trim() == 'a'",
  ],
]);

const numbers = [
  ...on('rules.Integer', [
    [
      'integer comparisons',
      'Integers can be compared using the ==, !=, >, <, >= and <= operators.',
      '1 == 1 && 1 != 2 && 2 > 1 && 1 < 2 && 2 >= 2 && 2 <= 2',
    ],
    [
      'integer arithmetic',
      'Integers support the arithmetic operators +, -, /, *, and %.',
      '2 + 3 == 5 && 5 - 7 == -2 && 6 * 7 == 42 && 8 / 2 == 4 && 7 % 3 == 1',
    ],
    ['integer negation', 'Integers can be negated using the - prefix.', '-(3) == 0 - 3'],
    [
      'an integer equals the float of its value',
      'Integer values will be coerced to type rules.Float when used in comparison or arithmetic operations with a float value.',
      '1 == 1.0 && 2 < 2.5',
    ],
    [
      'integer and float arithmetic gives a float',
      'Integer values will be coerced to type rules.Float when used in comparison or arithmetic operations with a float value.',
      '1 + 0.5 == 1.5',
    ],
    [
      'int() of a string and of a float',
      'int("2") == 2 int(2.0) == 2',
      "int('2') == 2 && int(2.0) == 2",
    ],
  ]),
  ...on('rules.Float', [
    [
      'float comparisons',
      'Floats can be compared using the ==, !=, >, <, >= and <= operators.',
      '1.5 == 1.5 && 1.5 != 2.5 && 2.5 > 1.5 && 1.5 <= 1.5',
    ],
    [
      'float arithmetic',
      'Floats support the arithmetic operators +, -, /, *, and %.',
      '1.5 + 1.0 == 2.5 && 1.5 * 2.0 == 3.0 && 3.0 / 2.0 == 1.5 && 2.5 - 1.0 == 1.5',
    ],
    [
      'float negation',
      'Floats can be negated using the - prefix.',
      '-1.5 < 0.0 && -(1.5) == 0.0 - 1.5',
    ],
    [
      'float() of a string and of an int',
      'float("2.2") == 2.2 float(2) == 2.0',
      "float('2.2') == 2.2 && float(2) == 2.0",
    ],
  ]),
  ...on('rules.Boolean', [
    [
      'bool comparison and negation',
      'Primitive type representing a boolean value, true or false.',
      'true == true && true != false && !false',
    ],
  ]),
  ...on('rules.math', [
    [
      'math.abs()',
      'abs(num): absolute value of a numeric value.',
      'math.abs(-1) == 1 && math.abs(-1.5) == 1.5',
    ],
    [
      'math.ceil()',
      'ceil(num) returns rules.Integer: ceiling of the numeric value.',
      'math.ceil(2.5) == 3',
    ],
    [
      'math.floor()',
      'floor(num) returns rules.Integer: floor of the numeric value.',
      'math.floor(1.5) == 1',
    ],
    [
      'math.round()',
      'round(num) returns rules.Integer: round the input value to the nearest int.',
      'math.round(1.5) == 2 && math.round(1.4) == 1',
    ],
    [
      'math.trunc()',
      'trunc(num) returns rules.Integer: truncate the input value to an int.',
      'math.trunc(1.9) == 1',
    ],
    [
      'math.sqrt()',
      'sqrt(num) returns rules.Float: square root of the input value.',
      'math.sqrt(4.0) == 2.0',
    ],
    [
      'math.pow()',
      'pow(base, exponent) returns rules.Float: the first argument raised to the power of the second.',
      'math.pow(2, 3) == 8.0',
    ],
    [
      'math.isInfinite() of a finite value',
      'isInfinite(num): test whether the value is ±∞.',
      '!math.isInfinite(1.5)',
    ],
    ['math.isNaN() of a number', 'isNaN(num): test whether the value is NaN.', '!math.isNaN(1.5)'],
  ]),
];

const collections = [
  ...on('rules.List', [
    ['== on lists', 'x == y: compare lists x and y', "[1, 'a'] == [1, 'a'] && [1, 2] != [2, 1]"],
    ['[] indexes a list', 'x[i]: index operator, get value index i', '[1, 2, 3][1] == 2'],
    [
      'in on a list',
      "v in x: check if value v exists in list x. 'a' in ['a','b'] == true",
      "'a' in ['a', 'b'] && !('c' in ['a', 'b'])",
    ],
    [
      'items need not be of one type',
      'List type. Items are not necessarily homogenous.',
      "[1, 'a', true, null].size() == 4",
    ],
    [
      'concat()',
      'concat(list): create a new list by adding the elements of another list to the end of this list.',
      '[1, 2].concat([3]) == [1, 2, 3]',
    ],
    [
      'hasAll()',
      'hasAll(list): determine whether the list contains all elements in another list.',
      "['a', 'b', 'c'].hasAll(['c', 'a']) && !['a'].hasAll(['a', 'b'])",
    ],
    [
      'hasAny()',
      'hasAny(list): determine whether the list contains any element in another list.',
      "['a', 'b'].hasAny(['c', 'b']) && !['a', 'b'].hasAny(['c'])",
    ],
    [
      'hasOnly()',
      "['a', 'b'].hasOnly(['a', 'c']) == false; ['a', 'b'].hasOnly(['a', 'b', 'c']) == true",
      "!['a', 'b'].hasOnly(['a', 'c']) && ['a', 'b'].hasOnly(['a', 'b', 'c'])",
    ],
    [
      'hasOnly() excludes repeated elements',
      "['a', 'a', 'b'].hasOnly(['a', 'b', 'b']) == true",
      "['a', 'a', 'b'].hasOnly(['a', 'b', 'b'])",
    ],
    [
      'join()',
      'join(separator): join the elements in the list into a string, with a separator.',
      "['a', 'b', 'c'].join('-') == 'a-b-c'",
    ],
    [
      'removeAll()',
      'removeAll(list): create a new list by removing the elements of another list from this list.',
      '[1, 2, 3, 2].removeAll([2]) == [1, 3]',
    ],
    [
      'size()',
      'size(): get the number of values in the list.',
      '[1, 2, 3].size() == 3 && [].size() == 0',
    ],
    [
      'toSet()',
      'toSet(): returns a set containing all unique elements in the list.',
      "['a', 'a', 'b'].toSet() == ['b', 'a'].toSet()",
    ],
  ]),
  ...on('rules.Map', [
    [
      '== on maps',
      'x == y: compare maps x and y',
      "{'a': 1, 'b': 2} == {'b': 2, 'a': 1} && {'a': 1} != {'a': 2}",
    ],
    [
      '[] and . read a key',
      'x[k]: index operator, get value at key name k; x.k: get value at key name k',
      "{'a': 1}['a'] == 1 && {'a': 1}.a == 1",
    ],
    [
      'in on a map tests its keys',
      'k in x: check if key k exists in map x',
      "'a' in {'a': 1} && !('b' in {'a': 1})",
    ],
    [
      'get() of a missing key returns the default',
      '// "c" is not a key in the supplied Map, returns default value 7. {"a": 3,"b": 2}.get("c", 7) == 7',
      "{'a': 3, 'b': 2}.get('c', 7) == 7",
    ],
    [
      'get() of a present key',
      '{"a": [2, 7],"b": [9, 12]}.get("b", [1, 1]) == [9, 12]',
      "{'a': [2, 7], 'b': [9, 12]}.get('b', [1, 1]) == [9, 12]",
    ],
    [
      'get() of a nested key by a list',
      '// For nested Maps, use list ["a", "b"] to specify lookup on sub-key "b". {"a": {"b": 1},"c": 2}.get(["a", "b"], 7) == 1',
      "{'a': {'b': 1}, 'c': 2}.get(['a', 'b'], 7) == 1",
    ],
    [
      'keys()',
      'keys(): get the list of keys in the map.',
      "{'a': 1, 'b': 2}.keys().toSet() == ['a', 'b'].toSet()",
    ],
    [
      'values()',
      'values(): get the list of values in the map.',
      "{'a': 1, 'b': 2}.values().toSet() == [1, 2].toSet()",
    ],
    [
      'size()',
      'size(): get the number of entries in the map.',
      "{'a': 1, 'b': 2}.size() == 2 && {}.size() == 0",
    ],
  ]),
  ...on('rules.MapDiff', [
    [
      'addedKeys()',
      '{"a":1}.diff({}).addedKeys() == ["a"].toSet()',
      "{'a': 1}.diff({}).addedKeys() == ['a'].toSet()",
    ],
    [
      'removedKeys()',
      '{}.diff({"a":1}).removedKeys() == ["a"].toSet()',
      "{}.diff({'a': 1}).removedKeys() == ['a'].toSet()",
    ],
    [
      'changedKeys()',
      '{"a":0}.diff({"a":1, "b":4}).changedKeys() == ["a"].toSet()',
      "{'a': 0}.diff({'a': 1, 'b': 4}).changedKeys() == ['a'].toSet()",
    ],
    [
      'unchangedKeys()',
      '{"a": 0}.diff({"a":0}).unchangedKeys() == ["a"].toSet()',
      "{'a': 0}.diff({'a': 0}).unchangedKeys() == ['a'].toSet()",
    ],
    [
      'affectedKeys()',
      '({"a":0, "c":0, "u":0}).diff({"r":0, "c":1, "u": 0}).affectedKeys() == ["a", "r", "c"].toSet()',
      "({'a': 0, 'c': 0, 'u': 0}).diff({'r': 0, 'c': 1, 'u': 0}).affectedKeys() == ['a', 'r', 'c'].toSet()",
    ],
  ]),
  ...on('rules.Set', [
    [
      'size() and no duplicates',
      "A set cannot contain duplicate items. ['a','b'].toSet().size() == 2",
      "['a', 'b'].toSet().size() == 2 && ['a', 'a'].toSet().size() == 1",
    ],
    [
      '== on sets ignores order',
      'A set is an unordered collection. x == y: compare sets x and y',
      "['a', 'b'].toSet() == ['b', 'a'].toSet()",
    ],
    [
      'in on a set',
      "'a' in ['a','b'].toSet() == true",
      "'a' in ['a', 'b'].toSet() && !('c' in ['a', 'b'].toSet())",
    ],
    [
      'difference()',
      "['a','b'].toSet().difference(['a','c'].toSet()) == ['b'].toSet()",
      "['a', 'b'].toSet().difference(['a', 'c'].toSet()) == ['b'].toSet()",
    ],
    [
      'intersection()',
      "['a','b'].toSet().intersection(['a','c'].toSet()) == ['a'].toSet()",
      "['a', 'b'].toSet().intersection(['a', 'c'].toSet()) == ['a'].toSet()",
    ],
    [
      'union()',
      "['a','b'].toSet().union(['a','c'].toSet()) == ['a', 'b', 'c'].toSet()",
      "['a', 'b'].toSet().union(['a', 'c'].toSet()) == ['a', 'b', 'c'].toSet()",
    ],
    [
      'hasAll() of a list',
      "['a','b'].toSet().hasAll(['a','c']) == false; ['d','e','f'].toSet().hasAll(['d','e']) == true",
      "!['a', 'b'].toSet().hasAll(['a', 'c']) && ['d', 'e', 'f'].toSet().hasAll(['d', 'e'])",
    ],
    [
      'hasAny() of a set',
      "['a','b'].toSet().hasAny(['c','d'].toSet()) == false; ['a','b'].toSet().hasAny(['a','c'].toSet()) == true",
      "!['a', 'b'].toSet().hasAny(['c', 'd'].toSet()) && ['a', 'b'].toSet().hasAny(['a', 'c'].toSet())",
    ],
    [
      'hasOnly()',
      "['a','b'].toSet().hasOnly(['a','c']) == false; ['a','b'].toSet().hasOnly(['a','b']) == true",
      "!['a', 'b'].toSet().hasOnly(['a', 'c']) && ['a', 'b'].toSet().hasOnly(['a', 'b'])",
    ],
  ]),
];

// 1984-01-02T03:04:05.006Z in epoch milliseconds.
const T = 'timestamp.value(441860645006)';
const time = [
  ...on('rules.timestamp', [
    [
      'timestamp.date() makes midnight UTC',
      '// Timestamp for 1984-01-02T00:00:00Z timestamp.date(1984, 1, 2);',
      'timestamp.date(1984, 1, 2) == timestamp.value(441849600000)',
    ],
    [
      'timestamp.value() from epoch milliseconds',
      'value(epochMillis): make a timestamp from an epoch time in milliseconds.',
      `${T}.toMillis() == 441860645006`,
    ],
  ]),
  ...on('rules.Timestamp', [
    [
      'year(), month() and day()',
      'Get the year / month / day value of the timestamp.',
      `${T}.year() == 1984 && ${T}.month() == 1 && ${T}.day() == 2`,
    ],
    [
      'hours(), minutes() and seconds()',
      'Get the hours / minutes / seconds value of the timestamp.',
      `${T}.hours() == 3 && ${T}.minutes() == 4 && ${T}.seconds() == 5`,
    ],
    [
      'nanos()',
      'nanos(): get the nanos value of the timestamp. A timestamp in UTC with nanosecond accuracy.',
      `${T}.nanos() == 6000000`,
    ],
    [
      'dayOfYear()',
      'dayOfYear(): get the day of the year as a value from 1 to 366.',
      `${T}.dayOfYear() == 2 && timestamp.date(2024, 12, 31).dayOfYear() == 366`,
    ],
    [
      'dayOfWeek() is from 1 to 7',
      'dayOfWeek(): get the day of the week as a value from 1 to 7.',
      `${T}.dayOfWeek() >= 1 && ${T}.dayOfWeek() <= 7 && ${T}.dayOfWeek() != timestamp.date(1984, 1, 3).dayOfWeek()`,
    ],
    [
      'date() keeps year, month and day',
      'date(): timestamp value containing year, month, and day only.',
      `${T}.date() == timestamp.date(1984, 1, 2)`,
    ],
    [
      'time() is the time of day as a duration',
      'time(): get the duration value from the time portion of the timestamp.',
      `${T}.time() == duration.time(3, 4, 5, 6000000)`,
    ],
    [
      'toMillis()',
      'toMillis(): get the time in milliseconds since the epoch.',
      'timestamp.date(1970, 1, 2).toMillis() == 86400000',
    ],
    [
      'timestamps compare',
      'A timestamp in UTC with nanosecond accuracy; request.time < resource.data.t style comparisons.',
      'timestamp.value(1) < timestamp.value(2) && timestamp.value(2) == timestamp.value(2)',
    ],
  ]),
  expr(
    'timestamp + duration',
    cite(
      DOCS.storageReference,
      "request.time < resource.timeCreated + duration.value(1, 'y') adds a duration to a timestamp (the unit 'y' being the error).",
    ),
    "timestamp.value(1000) + duration.value(1, 's') == timestamp.value(2000) && timestamp.value(2000) - duration.value(1, 's') == timestamp.value(1000)",
  ),
  ...on('rules.duration_', [
    [
      'duration.value() in weeks and days',
      "value(magnitude, unit): w Weeks, d Days. duration.value(1, 'w') // Create a duration for 1 week of time.",
      "duration.value(1, 'w') == duration.value(7, 'd')",
    ],
    [
      'duration.value() in days, hours and minutes',
      'Units: d Days, h Hours, m Minutes.',
      "duration.value(1, 'd') == duration.value(24, 'h') && duration.value(1, 'h') == duration.value(60, 'm')",
    ],
    [
      'duration.value() in seconds, ms and ns',
      'Units: s Seconds, ms Milliseconds, ns Nanoseconds.',
      "duration.value(1, 's') == duration.value(1000, 'ms') && duration.value(1, 'ms') == duration.value(1000000, 'ns')",
    ],
    [
      'duration.abs()',
      "duration.abs(duration.value(-10, 's')) == duration.value(10, 's')",
      "duration.abs(duration.value(-10, 's')) == duration.value(10, 's')",
    ],
    [
      'duration.time()',
      'time(hours, mins, secs, nanos): create a duration from hours, minutes, seconds, and nanoseconds.',
      "duration.time(1, 2, 3, 4) == duration.value(3723000000004, 'ns')",
    ],
  ]),
  ...on('rules.Duration', [
    [
      'seconds() and nanos()',
      'seconds(): the seconds portion (signed) of the duration; nanos(): the nanoseconds portion (signed).',
      "duration.value(1500, 'ms').seconds() == 1 && duration.value(1500, 'ms').nanos() == 500000000",
    ],
    [
      'seconds() and nanos() are signed',
      'Get the nanoseconds portion (signed) of the duration from -999,999,999 to +999,999,999 inclusive.',
      "duration.value(-1500, 'ms').seconds() == -1 && duration.value(-1500, 'ms').nanos() == -500000000",
    ],
  ]),
];

const other = [
  ...on('rules.latlng_', [
    [
      'latlng.value()',
      'value(lat, lng): create a LatLng from floating point coordinates.',
      'latlng.value(45.0, 90.0) == latlng.value(45.0, 90.0)',
    ],
  ]),
  ...on('rules.LatLng', [
    [
      'latitude() and longitude()',
      'latitude(): get the latitude value in the range [-90.0, 90.0]; longitude(): in the range [-180.0, 180.0].',
      'latlng.value(45.5, -90.5).latitude() == 45.5 && latlng.value(45.5, -90.5).longitude() == -90.5',
    ],
    [
      'distance() in meters',
      'distance(other): calculate distance between two LatLng points in distance (meters).',
      'latlng.value(0.0, 0.0).distance(latlng.value(0.0, 1.0)) > 110000.0 && latlng.value(0.0, 0.0).distance(latlng.value(0.0, 1.0)) < 112500.0',
    ],
  ]),
  ...on('rules.Path', [
    [
      'a path literal equals path() of its string',
      "Paths can be created in the raw form beginning with a forward slash, /path/to/resource, or by converting from a string using the path() function: path('path/to/resource').",
      "/path/to/resource == path('path/to/resource')",
    ],
  ]),
  expr(
    'bind()',
    ref(
      'rules.Path',
      'bind(map): bind key-value pairs in a map to a path. (/path/$(foo)/$(bar)).bind({"foo": "something", "bar": "another"}) makes /path/something/another',
    ),
    "(/path/$(foo)/$(bar)).bind({'foo': 'something', 'bar': 'another'}) == /path/something/another",
    'allow',
  ),
  ...on('rules.Bytes', [
    [
      'bytes literals and ==',
      "Type representing a sequence of bytes: b'\\x0F'",
      "b'\\x0F\\xFF' == b'\\x0F\\xFF' && b'\\x0F' != b'\\x0E'",
    ],
    [
      'size()',
      'size(): returns the number of bytes in a Bytes sequence.',
      "b'\\x0F\\x0F'.size() == 2",
    ],
    [
      'toBase64()',
      "b'\\xFB\\xEF\\xBE'.toBase64() == '----'",
      "b'\\xFB\\xEF\\xBE'.toBase64() == '----'",
    ],
    ['toHexString()', "b'\\x2A'.toHexString() == '2A'", "b'\\x2A'.toHexString() == '2A'"],
  ]),
  ...on('rules.hashing', [
    [
      'hashing.md5()',
      'md5(bytes_or_string): compute a hash using the MD5 algorithm.',
      "hashing.md5('abc').toHexString() == '900150983CD24FB0D6963F7D28E17F72'",
    ],
    [
      'hashing.sha256()',
      'sha256(bytes_or_string): compute a hash using the SHA-256 algorithm.',
      "hashing.sha256('abc').toHexString() == 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD'",
    ],
    [
      'hashing.crc32() of a string and of its bytes',
      'crc32(bytes_or_string): compute a hash using the CRC32 algorithm.',
      "hashing.crc32('abc') == hashing.crc32(b'abc') && hashing.crc32('abc').size() == 4 && hashing.crc32('abc') != hashing.crc32('abd')",
    ],
    [
      'hashing.crc32c()',
      'crc32c(bytes_or_string): compute a hash using the CRC32C algorithm.',
      "hashing.crc32c('abc') == hashing.crc32c(b'abc') && hashing.crc32c('abc').size() == 4 && hashing.crc32c('abc') != hashing.crc32('abc')",
    ],
  ]),
  ...on('rules.debug', [
    [
      'debug() returns its argument',
      'debug(value) returns value: prints Security Rules language objects, variables and statement results as they are being evaluated.',
      "debug(1) == 1 && debug('a') == 'a'",
    ],
  ]),
  errs(
    'an unknown function is an error',
    cite(
      DOCS.storageReference,
      'Common places where errors are raised are ... passing values of the incorrect type to a function.',
    ),
    "math.abs('x') == 1",
    {
      localOnly:
        'the official compiler may refuse the ill-typed call when the ruleset loads, which would refuse every case of the file',
    },
  ),
];

runCases('rules-types', '2', {
  String: strings,
  'Integer, Float, Boolean and math': numbers,
  'List, Map, MapDiff and Set': collections,
  'Timestamp and Duration': time,
  'LatLng, Path, Bytes, hashing and debug': other,
});
