"""政策匹配 (policy matching): the district's policies as versioned rule files (`library/`), each
enterprise judged against each policy from the enterprise ledger's figures (`engine/`, pure),
match runs stored per policy version (`runs`), and the lists a department sends: the payment
list of a 免申即享 policy and the push list of a 申报 policy (`sheets`)."""
