import itertools, math
from scipy import stats
import numpy as np
print("qt", stats.t.ppf(0.975,4), stats.t.ppf(0.975,6), stats.t.ppf(0.95,1), stats.t.ppf(0.995,2.5), stats.t.ppf(0.975,30))
print("pt", stats.t.cdf(-1.5,3), stats.t.cdf(2.0,7.3))
print("betainc", __import__('scipy.special',fromlist=['x']).betainc(2.5,0.5,0.3), __import__('scipy.special',fromlist=['x']).betainc(10,20,0.4))
x=[8.0,8.1,7.9,8.1,8.0]
m=np.mean(x); s=np.std(x,ddof=1); n=len(x)
h=stats.t.ppf(0.975,n-1)*s/math.sqrt(n); print("tint", m-h, m+h)
a=[6.9,7.1,6.5,7.4,6.8,7.0,7.2]; b=[8.3,7.9,8.1,8.4,7.8,8.0,8.2,8.1,7.7,8.6,8.0,7.9]
va=np.var(a,ddof=1)/len(a); vb=np.var(b,ddof=1)/len(b); df=(va+vb)**2/(va**2/(len(a)-1)+vb**2/(len(b)-1))
d=np.mean(a)-np.mean(b); h=stats.t.ppf(0.975,df)*math.sqrt(va+vb); print("welch", d-h, d+h, df)
# signed rank exact by enumeration
def hl1(xs, conf):
    n=len(xs); w=sorted((xs[i]+xs[j])/2 for i in range(n) for j in range(i,n))
    # distribution of V = sum of ranks with + sign
    counts={}
    for signs in itertools.product([0,1],repeat=n):
        v=sum((i+1) for i,sg in enumerate(signs) if sg); counts[v]=counts.get(v,0)+1
    tot=2**n; cum=0; qu=None
    for k in range(n*(n+1)//2+1):
        cum+=counts.get(k,0)
        if cum/tot >= (1-conf)/2: qu=k; break
    qu=max(qu,1); ql=len(w)-qu
    return w[qu-1], w[ql], float(np.median(w)), qu
print("hl1", hl1([6.9,7.1,6.5,7.4,6.8,7.0,7.2,9.9],0.95))
print("hl1b", hl1([8.0,8.1,7.9,8.1,8.0],0.95))
def hl2(a,b,conf):
    na,nb=len(a),len(b); d=sorted(x-y for x in a for y in b)
    counts={}
    for comb in itertools.combinations(range(na+nb),na):
        u=sum(comb)-na*(na-1)//2; counts[u]=counts.get(u,0)+1
    tot=math.comb(na+nb,na); cum=0
    for k in range(na*nb+1):
        cum+=counts.get(k,0)
        if cum/tot >= (1-conf)/2: qu=k; break
    qu=max(qu,1); ql=na*nb-qu
    return d[qu-1], d[ql], float(np.median(d)), qu
print("hl2", hl2(a,b,0.95))
print("hl2s", hl2([1.0,2.5,3.1],[0.2,0.9,1.7,2.2],0.9))
xs=[1,1.2,0.9,1.1,1.0,1.05,0.95,5.0,1.02,0.98]
print("normaltest", stats.normaltest(xs).pvalue, stats.normaltest([6.9,7.1,6.5,7.4,6.8,7.0,7.2,7.1,6.7]).pvalue)
