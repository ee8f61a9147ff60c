// GQL, GoodLogs' query language, as Eventlane reads it. The language is documented in docs/gql.md; every query of
// the GoodLogs reference parses. A query is stages separated by '|'; a stage is a run of terms; the order of the
// terms does not matter (a time window or a 'from:' may come anywhere). Keywords are case-insensitive.
grammar Gql;

query
    : stage (PIPE stage)* EOF
    ;

stage
    : term+
    ;

term
    : FROM COLON name=IDENT                                           # fromTerm
    | LAST COLON? DURATION                                            # lastTerm
    | SINCE COLON? time                                               # sinceTerm
    | BETWEEN time AND time                                           # betweenTerm
    | WHERE expr                                                      # whereTerm
    | aggregation (BY groupItem (COMMA groupItem)*)?                  # aggregateTerm
    | SORT sortKey direction=(ASC | DESC)?                            # sortTerm
    | TOP INT                                                         # topTerm
    | LIMIT INT                                                       # limitTerm
    | NOT? field COLON value                                          # fieldTerm
    | STRING                                                          # textTerm
    ;

aggregation
    : COUNT                                                           # countAgg
    | COUNT DISTINCT field                                            # countDistinctAgg
    | COUNT_DISTINCT LPAREN field RPAREN                              # countDistinctCallAgg
    | COUNT LPAREN RPAREN                                             # countCallAgg
    | func=(SUM | AVG | MIN | MAX) LPAREN field RPAREN                # numericAgg
    | PERCENTILE LPAREN field COMMA INT RPAREN                        # percentileAgg
    | PCT LPAREN field RPAREN                                         # pctAgg
    ;

groupItem
    : DURATION                                                        # bucketGroup
    | field                                                           # fieldGroup
    ;

sortKey
    : COUNT
    | VALUE
    | field
    ;

expr
    : LPAREN expr RPAREN                                              # parenExpr
    | NOT expr                                                        # notExpr
    | expr AND expr                                                   # andExpr
    | expr OR expr                                                    # orExpr
    | field op=(EQ | NEQ | GT | GTE | LT | LTE) value                 # compareExpr
    | field NOT? CONTAINS value                                       # containsExpr
    | field NOT? IN LPAREN value (COMMA value)* RPAREN                 # inExpr
    ;

time
    : TIMESTAMP
    | STRING
    ;

field
    : IDENT
    | keyword
    ;

// A field may carry a keyword's name where no keyword can stand (after 'by', in a comparison).
keyword
    : COUNT | VALUE | FROM | LAST | SINCE | TOP | LIMIT | SORT
    ;

value
    : STRING                                                          # stringValue
    | NUMBER                                                          # numberValue
    | INT                                                             # intValue
    | (TRUE | FALSE)                                                  # boolValue
    | IDENT                                                           # wordValue
    | DURATION                                                        # wordValue2
    | TIMESTAMP                                                       # wordValue3
    ;

PIPE: '|';
COLON: ':';
COMMA: ',';
LPAREN: '(';
RPAREN: ')';
EQ: '=' | '==';
NEQ: '!=' | '<>';
GTE: '>=';
LTE: '<=';
GT: '>';
LT: '<';

FROM: [fF][rR][oO][mM];
LAST: [lL][aA][sS][tT];
SINCE: [sS][iI][nN][cC][eE];
BETWEEN: [bB][eE][tT][wW][eE][eE][nN];
WHERE: [wW][hH][eE][rR][eE];
BY: [bB][yY];
SORT: [sS][oO][rR][tT];
TOP: [tT][oO][pP];
LIMIT: [lL][iI][mM][iI][tT];
ASC: [aA][sS][cC];
DESC: [dD][eE][sS][cC];
AND: [aA][nN][dD];
OR: [oO][rR];
NOT: [nN][oO][tT] | '!';
IN: [iI][nN];
CONTAINS: [cC][oO][nN][tT][aA][iI][nN][sS];
COUNT: [cC][oO][uU][nN][tT];
DISTINCT: [dD][iI][sS][tT][iI][nN][cC][tT];
COUNT_DISTINCT: [cC][oO][uU][nN][tT] '_' [dD][iI][sS][tT][iI][nN][cC][tT];
SUM: [sS][uU][mM];
AVG: [aA][vV][gG];
MIN: [mM][iI][nN];
MAX: [mM][aA][xX];
PERCENTILE: [pP][eE][rR][cC][eE][nN][tT][iI][lL][eE];
PCT: [pP] ('50' | '75' | '90' | '95' | '99');
VALUE: [vV][aA][lL][uU][eE];
TRUE: [tT][rR][uU][eE];
FALSE: [fF][aA][lL][sS][eE];

TIMESTAMP: DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ('T' DIGIT DIGIT ':' DIGIT DIGIT (':' DIGIT DIGIT ('.' DIGIT+)?)? ('Z' | [+-] DIGIT DIGIT ':' DIGIT DIGIT)?)?;
DURATION: DIGIT+ ([sS] | [mM] | [hH] | [dD] | [wW]);
NUMBER: '-'? DIGIT+ '.' DIGIT+ | '-' DIGIT+;
INT: DIGIT+;
STRING: '\'' ('\\' . | ~['\\])* '\'' | '"' ('\\' . | ~["\\])* '"';
IDENT: [$a-zA-Z_] [a-zA-Z0-9_.\-]*;
WS: [ \t\r\n]+ -> skip;
ERROR_CHAR: .;

fragment DIGIT: [0-9];
