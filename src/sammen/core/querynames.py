"""Public lists name their filter parameters in Danish (``?kommune=herning&kategori=gaature``), like their
addresses. Links made before a name changed keep working: ``renamed_parameters`` answers them with a permanent
redirect to the same list under the new names."""

import functools
from collections.abc import Callable

from django.http import HttpResponsePermanentRedirect, QueryDict

# A renamed parameter: its new name, and optionally how an old value reads now (given all old values, it returns
# the new ones, e.g. municipality ids as their slugs).
Renamed = str | tuple[str, Callable[[list[str]], list[str]]]


def renamed_parameters(renames: dict[str, Renamed]):
    """View decorator: redirect a GET that uses an old parameter name to the same path with the new names."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "GET" and any(name in request.GET for name in renames):
                return HttpResponsePermanentRedirect(request.path + "?" + _renamed(request.GET, renames).urlencode())
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _renamed(params: QueryDict, renames: dict[str, Renamed]) -> QueryDict:
    result = QueryDict(mutable=True)
    for name, values in params.lists():
        rename = renames.get(name)
        if rename is None:
            result.setlist(name, values)
            continue
        new_name, translate = (rename, None) if isinstance(rename, str) else rename
        result.setlist(new_name, translate(values) if translate else values)
    return result
