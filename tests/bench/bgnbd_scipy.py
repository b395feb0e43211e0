# Peer for the intent benchmark: the BG/NBD fit as the Python `lifetimes`
# package does it (log-parameters, vectorised NumPy log-likelihood, SciPy's
# Nelder-Mead), on the same per-customer summary. `lifetimes` itself is not
# installed here; this is its method with the libraries it is built on.
# Usage: python3 bgnbd_scipy.py summary.csv  (columns x,t_x,T) -> JSON on stdout.
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln


def negative_log_likelihood(log_params, x, tx, T):
    r, alpha, a, b = np.exp(log_params)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx), -np.inf)
    return -np.sum(a1 + a2 + np.logaddexp(a3, a4))


def main():
    data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
    x, tx, T = data[:, 0], data[:, 1], data[:, 2]
    started = time.perf_counter()
    result = minimize(
        negative_log_likelihood,
        x0=np.array([0.0, np.log(max(T.mean(), 1e-6)), 0.0, 0.0]),
        args=(x, tx, T),
        method="Nelder-Mead",
        options={"xatol": 1e-7, "fatol": 1e-9, "maxiter": 20000, "maxfev": 40000},
    )
    fit_ms = (time.perf_counter() - started) * 1000
    r, alpha, a, b = np.exp(result.x)
    print(json.dumps({"fitMs": fit_ms, "logLikelihood": -result.fun, "r": r, "alpha": alpha, "a": a, "b": b}))


main()
