# Peers for the intent benchmark, on the same per-customer summary:
# - the BG/NBD fit as the Python `lifetimes` package does it (log-parameters,
#   vectorised NumPy log-likelihood, SciPy's Nelder-Mead); `lifetimes` itself is
#   not installed here, this is its method with the libraries it is built on;
# - SciPy's L-BFGS-B (gradients by finite differences) on the same BG/NBD
#   likelihood and on the Gamma-Gamma likelihood of the repeat customers' spend.
# Usage: python3 bgnbd_scipy.py summary.csv  (columns x,t_x,T[,mean_spend]) -> JSON on stdout.
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln


def bgnbd_negative_log_likelihood(log_params, x, tx, T):
    r, alpha, a, b = np.exp(log_params)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx), -np.inf)
    return -np.sum(a1 + a2 + np.logaddexp(a3, a4))


def spend_negative_log_likelihood(log_params, x, m):
    p, q, gamma = np.exp(log_params)
    px = p * x
    return -np.sum(
        gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(gamma)
        + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(gamma + m * x)
    )


def timed(fit):
    """Wall and CPU milliseconds of one fit, and its result."""
    started, cpu = time.perf_counter(), time.process_time()
    result = fit()
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000, result


def main():
    data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, ndmin=2)
    x, tx, T = data[:, 0], data[:, 1], data[:, 2]
    start = np.array([0.0, np.log(max(T.mean(), 1e-6)), 0.0, 0.0])
    box = [(-30, 30)] * 4
    nm_ms, _, nm = timed(lambda: minimize(
        bgnbd_negative_log_likelihood, x0=start, args=(x, tx, T), method="Nelder-Mead",
        options={"xatol": 1e-7, "fatol": 1e-9, "maxiter": 20000, "maxfev": 40000},
    ))
    lb_ms, lb_cpu, lb = timed(lambda: minimize(
        bgnbd_negative_log_likelihood, x0=start, args=(x, tx, T), method="L-BFGS-B", bounds=box,
    ))
    out = {
        "fitMs": nm_ms,
        "logLikelihood": -nm.fun,
        "lbfgsb": {"fitMs": lb_ms, "cpuMs": lb_cpu, "logLikelihood": -lb.fun, "parameters": np.exp(lb.x).tolist()},
    }
    if data.shape[1] > 3:
        spend = data[:, 3]
        keep = (x > 0) & (spend > 0)
        xs, ms = x[keep], spend[keep]
        spend_start = np.array([0.0, np.log(2.0), np.log(max(ms.mean(), 1e-6))])
        gg_ms, gg_cpu, gg = timed(lambda: minimize(
            spend_negative_log_likelihood, x0=spend_start, args=(xs, ms), method="L-BFGS-B", bounds=[(-30, 30)] * 3,
        ))
        out["gammaGamma"] = {"fitMs": gg_ms, "cpuMs": gg_cpu, "logLikelihood": -gg.fun, "parameters": np.exp(gg.x).tolist()}
    print(json.dumps(out))


main()
