# bash completion for jikenbo-search and jikenbo-index.
#
# Installed as bash-completion/completions/jikenbo-search and .../jikenbo-index
# (the same file: bash-completion loads it for either command); or source it
# from ~/.bashrc. Options, and the cause and sector labels, are read from the
# program's own --help, and indexed files from `jikenbo-index --list --paths`
# (which reads the index, not the files) on the index the command line
# names, so nothing here goes stale.

# The word being completed, with ':' kept in it (bash splits "cause:ran" at
# the colon by default), from the start of the line to the cursor.
_jikenbo_cur() {
    local line=${COMP_LINE:0:COMP_POINT}
    printf '%s' "${line##*[[:space:]]}"
}

# Sets prev and cur (the caller's locals) to the option before the cursor
# and the word being completed; "--sort=ol" is "--sort" and "ol" (bash splits
# words at '=' too, and replaces only what follows it).
_jikenbo_words() {
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    cur=$(_jikenbo_cur)
    if [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
        cur=${cur#*=}
    elif [[ ${COMP_WORDS[COMP_CWORD]} == = ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        cur=""
    fi
}

# Sets COMPREPLY to the words of $2 that start with $1. When $1 holds a ':'
# that bash splits words at, bash replaces only what follows the last one, so
# that much is cut off each reply.
_jikenbo_reply() {
    local cur=$1 cut="" w
    [[ $COMP_WORDBREAKS == *:* ]] && cut=${cur%"${cur##*:}"}
    COMPREPLY=()
    for w in $2; do
        [[ $w == "$cur"* ]] && COMPREPLY+=("${w#"$cut"}")
    done
    return 0
}

# The index the command line names ("--db DIR", "--db=DIR"), as arguments
# to pass on, one per line.
_jikenbo_db() {
    local i w
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if [[ $w == --db ]]; then
            w=${COMP_WORDS[i + 1]}
            [[ $w == = ]] && w=${COMP_WORDS[i + 2]} # bash splits at '=' too
            w=${w/#\~/$HOME}
            printf -- '--db\n%s\n' "$w"
            return
        fi
        w=${w#--db=}
        [[ ${COMP_WORDS[i]} == --db=* ]] && printf -- '--db\n%s\n' "${w/#\~/$HOME}" && return
    done
}

# The paths of the files the index holds, one per line, as --list shows
# them; $1 is the command being completed, whose jikenbo-index is used: the
# command itself, the one beside it, or the one on $PATH.
_jikenbo_file_paths() {
    local index=jikenbo-index
    local -a db
    if [[ ${1##*/} == jikenbo-index ]]; then
        index=$1
    elif [[ $1 == */* && -x ${1%/*}/jikenbo-index ]]; then
        index=${1%/*}/jikenbo-index
    fi
    mapfile -t db < <(_jikenbo_db)
    "$index" --list --paths "${db[@]}" 2>/dev/null
}

# The names a file: filter takes for those paths: the file's name without .txt.
_jikenbo_file_names() {
    _jikenbo_file_paths "$1" | sed 's,.*/,,; s/\.[tT][xX][tT]$//'
}

# The long options of a program's --help.
_jikenbo_options() {
    "$1" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*[a-z]' | sort -u
}

# The labels that --help lists after "Causes:" or "Sectors:" ($2), on that
# line and the indented ones under it.
_jikenbo_labels() {
    "$1" --help 2>/dev/null |
        awk -v k="$2:" '$1 == k { on = 1; $1 = ""; print; next } on && /^ / { print; next } { on = 0 }' |
        tr -s ' ' '\n' | grep .
}

# Sets COMPREPLY to the labels of program $1 ("Causes" or "Sectors": $4)
# that complete the last item of a list in $2 (cause:ransomware,mal;
# ransomware,mal after --cause), each after $3 (the field, or nothing) or
# after the items before.
_jikenbo_label_reply() {
    local pre=$3 w words=""
    [[ $2 == *,* ]] && pre=${2%,*},
    for w in $(_jikenbo_labels "$1" "$4"); do
        words+="$pre$w "
    done
    _jikenbo_reply "$2" "$words"
}

_jikenbo_search() {
    local cmd=${COMP_WORDS[0]} cur prev
    _jikenbo_words
    case $prev in
    --db) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); compopt -o filenames 2>/dev/null; return ;;
    --cause) _jikenbo_label_reply "$cmd" "$cur" "" Causes && return ;;
    --sector) _jikenbo_label_reply "$cmd" "$cur" "" Sectors && return ;;
    --sort) _jikenbo_reply "$cur" "relevance date oldest" && return ;;
    --color) _jikenbo_reply "$cur" "always never auto" && return ;;
    --file) _jikenbo_reply "$cur" "$(_jikenbo_file_names "$cmd")" && return ;;
    -n | --limit | --offset | --year | --date | --like) return ;;
    esac
    case $cur in
    cause:*) _jikenbo_label_reply "$cmd" "$cur" cause: Causes ;;
    sector:*) _jikenbo_label_reply "$cmd" "$cur" sector: Sectors ;;
    file:*) _jikenbo_reply "$cur" "$(_jikenbo_file_names "$cmd" | sed 's/^/file:/')" ;;
    -*) _jikenbo_reply "$cur" "$(_jikenbo_options "$cmd")" ;;
    *) _jikenbo_reply "$cur" "cause: sector: year: date: org: id: file: like:" ;;
    esac
    # a field is not a whole word: let the value follow it
    [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *: ]] && compopt -o nospace 2>/dev/null
}

_jikenbo_index() {
    local cmd=${COMP_WORDS[0]} cur prev w
    _jikenbo_words
    case $prev in
    --db) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); compopt -o filenames 2>/dev/null; return ;;
    --rules) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); compopt -o filenames 2>/dev/null; return ;;
    -j | --jobs) return ;;
    esac
    if [[ $cur == -* ]]; then
        _jikenbo_reply "$cur" "$(_jikenbo_options "$cmd")"
        return
    fi
    for w in "${COMP_WORDS[@]}"; do
        if [[ $w == --remove ]]; then # the paths as --list shows them
            local IFS=$'\n'
            _jikenbo_reply "$cur" "$(_jikenbo_file_paths "$cmd")"
            return
        fi
    done
    # archive files (*.txt) and the folders that hold them
    local IFS=$'\n'
    COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.[tT][xX][tT]' -- "$cur"))
    compopt -o filenames 2>/dev/null
}

complete -F _jikenbo_search jikenbo-search
complete -F _jikenbo_index jikenbo-index
