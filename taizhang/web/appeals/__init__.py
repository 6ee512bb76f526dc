"""诉求 on the web: the public form, tracking, the inbox, one appeal, compounds, evaluations
and Open311."""
