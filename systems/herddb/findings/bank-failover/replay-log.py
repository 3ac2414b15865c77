"""Replays a HerdDB tablespace's log from a faultline run's server logs (`--herddb-trace-log`).

Usage: python3 replay-log.py RUN/logs/n1/herddb.log RUN/logs/n2/herddb.log RUN/logs/n3/herddb.log
"""
import re,sys
# Builds the tablespace's log from every server's FINEST "apply (ledger,offset) LE{...}" lines
# (position -> entry; conflicting entries at one position are reported), then replays it in
# position order as a replica recovering from the start would, flagging a BEGIN over an open
# transaction id and DML/COMMIT/ROLLBACK of an id that is not open.
pat=re.compile(r'apply \((-?\d+),(-?\d+)\) LE\{t=(\d+),tx=(-?\d+),tn=([^,]*),k=(.*?),v=(.*?),ts=(\d+)\}')
NAMES={2:'INSERT',3:'UPDATE',4:'DELETE',5:'BEGIN',6:'COMMIT',7:'ROLLBACK',13:'NOOP'}
log={}; seen={}
for f in sys.argv[1:]:
    node=f.split('/')[-2]
    for line in open(f,errors='replace'):
        m=pat.search(line)
        if not m: continue
        led,off,t,tx,tn,k,v,ts=m.groups(); pos=(int(led),int(off))
        if pos[0]<0: continue  # a leader's forced rollback, applied before its position is known
        e=(int(t),int(tx),tn,k,v)
        if pos in log and log[pos]!=e:
            print('CONFLICT at',pos,':',seen[pos],NAMES.get(log[pos][0]),log[pos][1],'vs',node,NAMES.get(e[0]),e[1])
        else:
            log[pos]=e; seen[pos]=node
open_={}; flags=0; sizes={}
for pos in sorted(log):
    t,tx,tn,k,v=log[pos]; name=NAMES.get(t,str(t))
    if t==5:
        if tx in open_: print(f'BEGIN over open tx {tx} at {pos} (opened at {open_[tx][0]}, entries {open_[tx][1]})'); flags+=1
        open_[tx]=(pos,[])
    elif t in (2,3,4) and tx>0:
        if tx not in open_: print(f'{name} of tx {tx} (not open) at {pos} {tn} k={k[:40]}'); flags+=1
        else: open_[tx][1].append((pos,name,tn))
    elif t in (6,7):
        if tx not in open_: print(f'{name} of tx {tx} (not open) at {pos}'); flags+=1
        else:
            if t==6: sizes[len(open_[tx][1])]=sizes.get(len(open_[tx][1]),0)+1
            del open_[tx]
ledgers=sorted(set(p[0] for p in log))
print('committed transactions by number of statements:', dict(sorted(sizes.items())))
print(f'{len(log)} positions in ledgers {ledgers}, {flags} flagged, open at the end: {sorted(open_)}')
